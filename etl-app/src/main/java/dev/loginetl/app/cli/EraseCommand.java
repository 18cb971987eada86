package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.pii.mask.SubjectHasher;
import dev.loginetl.postgres.lifecycle.Erasure;
import dev.loginetl.postgres.lifecycle.ErasureResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code erase}: removes people's logins and the rejections that name them. */
@Command(name = "erase", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Deletes every row of user_logins of the given users, in every partition, and the rejections "
        + "whose body names them; prints the counts per user, named by keyed hash, never by id.",
        "Each user gets one row in data_lifecycle_audit holding a keyed hash (HMAC-SHA256) of the user id under "
            + "the hmac key given (--key-file or LOGINETL_KEY, as for masking; a tokenize deployment makes one with "
            + "`loginetl keys generate --masking hmac`), so that whoever holds the key can tell whether a user was "
            + "erased. Does not reach the queue, the dead-letter queue, backups or copies: docs/lifecycle.md."})
public final class EraseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KeyFileOptions keys;
  @Mixin DatabaseOptions database;
  @Mixin LoggingOptions logging;

  @Option(names = "--user-id", paramLabel = "ID", arity = "1..*", description = "A user id to erase; repeatable.")
  List<String> userIds = new ArrayList<>();

  @Option(names = "--from-file", paramLabel = "FILE",
      description = "A file of user ids to erase, one a line (UTF-8; blank lines skipped).")
  Path fromFile;

  @Override
  public Integer call() {
    logging.apply();
    List<String> ids = new ArrayList<>(userIds);
    if (fromFile != null) {
      try {
        Files.readAllLines(fromFile, StandardCharsets.UTF_8).stream().map(String::strip)
            .filter(line -> !line.isEmpty()).forEach(ids::add);
      } catch (IOException e) {
        throw new ConfigurationException("cannot read --from-file " + fromFile + ": " + e.getMessage(), e);
      }
    }
    if (ids.isEmpty()) {
      throw new ConfigurationException("no user to erase: give --user-id ID or --from-file FILE");
    }
    SubjectHasher hasher = SubjectHasher.create(keys.keyset(keys.masterKey(), "hmac"));
    List<ErasureResult> results = Erasure.erase(database.config(1), ids, hasher::hash);
    PrintWriter out = spec.commandLine().getOut();
    long rows = 0;
    long rejections = 0;
    for (ErasureResult r : results) {
      rows += r.rows();
      rejections += r.rejections();
      out.printf(Locale.ROOT, "%s: %,d rows, %,d rejections deleted%s%n", r.subjectHash(), r.rows(), r.rejections(),
          r.earlierErasures() == 0 ? ""
              : "; erased " + r.earlierErasures() + " time(s) before"
                  + (r.rows() + r.rejections() > 0 ? ", these were stored since (a new login or a replay)" : ""));
    }
    out.printf(Locale.ROOT, "erased %,d user(s): %,d rows and %,d rejections deleted; recorded in data_lifecycle_audit%n",
        results.size(), rows, rejections);
    return 0;
  }
}
