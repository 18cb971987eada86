package dev.loginetl.app.cli;

import dev.loginetl.postgres.MigrationReport;
import dev.loginetl.postgres.PostgresSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migrate}: the schema, and nothing else. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Creates or upgrades the schema (user_logins and what the loader adds) and exits. "
        + "Takes over the exercise's existing user_logins table, rows included.")
public final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions database;
  @Mixin LoggingOptions logging;

  @Override
  public Integer call() {
    logging.apply();
    MigrationReport report = PostgresSchema.migrate(database.config(1));
    spec.commandLine().getOut().println(report.applied().isEmpty()
        ? "schema " + report.schema() + " is up to date (version " + report.versionAfter() + ")"
        : "schema " + report.schema() + " migrated from version " + (report.versionBefore() == null ? "none" : report.versionBefore())
            + " to " + report.versionAfter() + ": " + report.applied().size() + " migration(s) applied");
    return 0;
  }
}
