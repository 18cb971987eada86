package dev.loginetl.app.cli;

import dev.loginetl.app.base.ExitCodes;
import dev.loginetl.app.job.Job;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.app.job.RunnerConnections;
import dev.loginetl.core.pipeline.PipelineSummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the loader itself. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Loads logins from the queue into PostgreSQL until SIGTERM or SIGINT, then finishes, commits and "
        + "deletes what is in flight and exits 0. Migrates the schema first."})
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SqsOptions sqs;
  @Mixin DatabaseOptions database;
  @Mixin KeyOptions keys;
  @Mixin PipelineOptions pipeline;
  @Mixin GeoIpOptions geoip;
  @Mixin PartitionOptions partitions;
  @Mixin LoggingOptions logging;

  @Option(names = "--until-empty", description = "Exit 0 once the queue is drained: nothing visible, nothing in flight.")
  boolean untilEmpty;

  @Override
  public Integer call() {
    logging.apply();
    RunSettings settings = pipeline.settings(untilEmpty).withIp(geoip.settings());
    Job job = new Job(sqs.source(untilEmpty), database.config(RunnerConnections.pool(settings.pipeline().writers())), keys.masker(),
        settings, System.console() == null ? null : System.err, partitions.settings());
    PipelineSummary summary = job.run();
    spec.commandLine().getOut().println(Summaries.describe(summary));
    if (summary.failed().isPresent()) {
      spec.commandLine().getErr().println("loginetl: stopped: " + summary.failed().get().getMessage());
      return ExitCodes.FAILURE;
    }
    return 0;
  }
}
