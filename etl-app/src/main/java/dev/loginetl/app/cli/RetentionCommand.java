package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.lifecycle.Retention;
import dev.loginetl.postgres.lifecycle.RetentionPlan;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code retention}: removes the logins older than what is kept. */
@Command(name = "retention", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Removes the rows of user_logins dated before the cutoff (today, UTC, minus what is kept): "
        + "partitions that end by the cutoff are dropped whole, the partition that straddles it (and the default "
        + "partition) loses only its older rows; resolved rejections rejected before the cutoff are deleted too.",
        "Prints the plan, then what it did, and records the run in data_lifecycle_audit. Idempotent: running it "
            + "again removes nothing more."})
public final class RetentionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions database;
  @Mixin LoggingOptions logging;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Keep keep;

  /** Exactly one of the two. */
  static final class Keep {
    @Option(names = "--keep-days", paramLabel = "N", description = "Keep the last N days (today included).")
    Integer days;

    @Option(names = "--keep", paramLabel = "MONTHS", description = "Keep the last MONTHS months, up to today's date.")
    Integer months;
  }

  @Option(names = "--dry-run", description = "Print the plan and change nothing.")
  boolean dryRun;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    logging.apply();
    LocalDate cutoff = cutoff(LocalDate.now(clock));
    PostgresConfig config = database.config(1);
    PrintWriter out = spec.commandLine().getOut();
    RetentionPlan plan = Retention.plan(config, cutoff);
    out.printf(Locale.ROOT, "cutoff %s: rows of user_logins dated before it go%n", cutoff);
    print(out, plan, dryRun ? "would" : "will");
    if (dryRun) {
      out.println("dry run: nothing changed");
      return 0;
    }
    out.flush();
    RetentionPlan done = Retention.apply(config, cutoff, step -> {
      out.printf(Locale.ROOT, "  %s %s: %,d rows%n",
          step.action() == RetentionPlan.Action.DROP_PARTITION ? "dropped" : "deleted from", step.table(), step.rows());
      out.flush();
    });
    out.printf(Locale.ROOT, "done: %,d rows removed (%d partition(s) dropped whole), %,d resolved rejection(s)"
        + " deleted; recorded in data_lifecycle_audit%n", done.rows(), done.partitionsDropped().size(),
        done.resolvedRejections());
    return 0;
  }

  LocalDate cutoff(LocalDate today) {
    if (keep.days != null) {
      if (keep.days < 1) {
        throw new ConfigurationException("--keep-days is " + keep.days + ": keep at least 1 day");
      }
      return today.minusDays(keep.days - 1L);
    }
    if (keep.months < 1) {
      throw new ConfigurationException("--keep is " + keep.months + ": keep at least 1 month");
    }
    return today.minusMonths(keep.months);
  }

  private static void print(PrintWriter out, RetentionPlan plan, String verb) {
    if (plan.steps().isEmpty()) {
      out.println("  no row of user_logins is older than the cutoff");
    }
    for (RetentionPlan.Step step : plan.steps()) {
      out.printf(Locale.ROOT, "  %s %s %s: %,d rows%n", verb,
          step.action() == RetentionPlan.Action.DROP_PARTITION ? "drop partition" : "delete the older rows of",
          step.table(), step.rows());
    }
    out.printf(Locale.ROOT, "  %s delete %,d resolved rejection(s) rejected before the cutoff%n", verb,
        plan.resolvedRejections());
  }
}
