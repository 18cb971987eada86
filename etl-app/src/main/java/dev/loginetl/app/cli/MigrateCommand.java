package dev.loginetl.app.cli;

import dev.loginetl.app.job.PartitionUpkeep;
import dev.loginetl.postgres.MigrationReport;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.postgres.lifecycle.PartitionConversion;
import dev.loginetl.postgres.lifecycle.Partitions;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code migrate}: the schema and the partitions ahead, and, when asked, the conversion of a table that holds rows. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Creates or upgrades the schema (user_logins and what the loader adds), makes the partitions of "
        + "user_logins ahead, and exits. Takes over the exercise's existing user_logins table, rows included.",
        "An empty user_logins is made partitioned by create_date; one that holds rows is left unpartitioned and "
            + "never rewritten: --partition converts it by attaching it as one partition (docs/lifecycle.md)."})
public final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions database;
  @Mixin PartitionOptions partitions;
  @Mixin LoggingOptions logging;

  @Option(names = "--partition",
      description = "Also convert an unpartitioned user_logins that holds rows into a partitioned one, without "
          + "rewriting it: indexes built concurrently, then a short lock to attach it as one partition. Restart "
          + "the loaders afterwards.")
  boolean partition;

  @Override
  public Integer call() {
    logging.apply();
    PostgresConfig config = database.config(1);
    PartitionUpkeep.Settings settings = partitions.settings();
    PrintWriter out = spec.commandLine().getOut();
    MigrationReport report = PostgresSchema.migrate(config);
    out.println(report.applied().isEmpty()
        ? "schema " + report.schema() + " is up to date (version " + report.versionAfter() + ")"
        : "schema " + report.schema() + " migrated from version " + (report.versionBefore() == null ? "none" : report.versionBefore())
            + " to " + report.versionAfter() + ": " + report.applied().size() + " migration(s) applied");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (partition) {
      out.flush();
      PartitionConversion.convert(config, settings.granularity(), today, settings.periodsAhead(), line -> {
        out.println(line);
        out.flush();
      });
    } else if (!Partitions.isPartitioned(config)) {
      out.println(PostgresSchema.UNPARTITIONED.replace("{}", config.schema()));
      return 0;
    }
    List<String> made = Partitions.createAhead(config, settings.granularity(), today, settings.periodsAhead());
    out.println(made.isEmpty() ? "partitions of user_logins: all there" : "partitions of user_logins made: " + made);
    return 0;
  }
}
