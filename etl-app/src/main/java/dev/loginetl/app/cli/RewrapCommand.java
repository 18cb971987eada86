package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.pii.mask.TokenizingMasker;
import dev.loginetl.pii.mask.UnrevealableMaskException;
import dev.loginetl.postgres.MaskRewrapper;
import dev.loginetl.postgres.RewrapJob;
import dev.loginetl.postgres.RewrapReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rewrap}: the tokens of user_logins re-made under the current primary key. */
@Command(name = "rewrap", mixinStandardHelpOptions = true,
    description = {
        "Re-tokenises masked_ip and masked_device_id of the rows of user_logins whose tokens are not under the "
            + "current primary key of the tokenize keyset (after `loginetl keys rotate`), so that equal values "
            + "get equal tokens again. Masks in user_logins_rejected are left as they are.",
        "Each batch is one transaction: stopping the command (Ctrl-C) loses at most the batch in progress, and "
            + "running it again resumes. HMAC masks cannot be rewrapped and tokens that cannot be opened are "
            + "counted and left as they are."})
public final class RewrapCommand implements Callable<Integer> {
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

  @Spec CommandSpec spec;
  @Mixin KeyFileOptions keys;
  @Mixin DatabaseOptions database;
  @Mixin LoggingOptions logging;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + RewrapJob.DEFAULT_BATCH_SIZE,
      description = "Rows per transaction. Default ${DEFAULT-VALUE}, at most " + RewrapJob.MAX_BATCH_SIZE + ".")
  int batchSize;

  @Override
  public Integer call() {
    logging.apply();
    if (batchSize < 1 || batchSize > RewrapJob.MAX_BATCH_SIZE) {
      throw new ConfigurationException(
          "--batch-size is " + batchSize + ": it must be between 1 and " + RewrapJob.MAX_BATCH_SIZE);
    }
    TokenizingMasker tokens = Maskers.revealer(keys.keyset(keys.masterKey(), "tokenize"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("rewrapping the tokens of user_logins under key %s, %d rows per batch%n",
        tokens.primaryKeyId(), batchSize);
    out.flush();
    long[] lastLine = {0};
    RewrapReport report =
        RewrapJob.create(database.config(1), new KeysetRewrapper(tokens), batchSize)
            .run(progress -> {
              long now = System.nanoTime();
              if (progress.batches() == 1 || now - lastLine[0] >= PROGRESS_EVERY_NANOS) {
                lastLine[0] = now;
                out.printf(Locale.ROOT, "batch %,d: %,d rows examined, %,d updated, about %,d to go%n",
                    progress.batches(), progress.rowsExamined(), progress.rowsUpdated(), progress.remainingEstimate());
                out.flush();
              }
            });
    out.println(summary(report, tokens.primaryKeyId()));
    out.flush();
    return 0;
  }

  static String summary(RewrapReport report, String keyId) {
    StringBuilder text = new StringBuilder()
        .append(report.complete() ? "done" : "stopped before the end (run again to resume)")
        .append(String.format(Locale.ROOT, ": %,d rows examined in %,d batch(es), %,d updated%n",
            report.rowsExamined(), report.batches(), report.rowsUpdated()))
        .append(String.format(Locale.ROOT, "  rewrapped under key %s: %,d tokens%n", keyId, report.masksRewrapped()))
        .append(String.format(Locale.ROOT, "  already under key %s: %,d tokens%n", keyId, report.masksAlreadyCurrent()))
        .append(String.format(Locale.ROOT,
            "  HMAC masks skipped: %,d (HMAC is one-way: they cannot be rewrapped and stay under their key)%n",
            report.oneWaySkipped()))
        .append(String.format(Locale.ROOT, "  unrevealable tokens left as they are: %,d", report.unrevealableLeft()));
    if (report.unrevealableLeft() > 0) {
      text.append(" (")
          .append(report.unrevealableByReasonSorted().entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", ")))
          .append(')');
      if (report.unrevealableByReason().containsKey(UnrevealableMaskException.Reason.UNKNOWN_KEY.name())) {
        text.append("; tokens of keys missing from this keyset need the keyset that holds them");
      }
    }
    return text.toString();
  }

  /** The tokenize keyset as the job's {@link MaskRewrapper}: never throws for a bad mask. */
  static final class KeysetRewrapper implements MaskRewrapper {
    private final TokenizingMasker tokens;

    KeysetRewrapper(TokenizingMasker tokens) {
      this.tokens = tokens;
    }

    @Override
    public String currentPrefix() {
      return tokens.primaryMaskPrefix();
    }

    @Override
    public Outcome rewrap(Column column, String mask) {
      PiiField field = column == Column.MASKED_IP ? PiiField.IP
          : column == Column.MASKED_IP_NET ? PiiField.IP_NETWORK
          : PiiField.DEVICE_ID;
      try {
        return new Rewrapped(tokens.rewrap(field, mask));
      } catch (UnrevealableMaskException e) {
        return e.reason() == UnrevealableMaskException.Reason.ONE_WAY
            ? new OneWay()
            : new Unrevealable(e.reason().name());
      }
    }
  }
}
