package dev.loginetl.app.job;

import dev.loginetl.app.base.Version;
import dev.loginetl.app.geoip.IpEnrichment;
import dev.loginetl.app.metrics.DeadLetterRefusals;
import dev.loginetl.app.metrics.HealthCheck;
import dev.loginetl.app.metrics.JvmMeters;
import dev.loginetl.app.metrics.MetricsServer;
import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.app.metrics.QueueDepthMeters;
import dev.loginetl.app.progress.ProgressLine;
import dev.loginetl.app.status.ShownSettings;
import dev.loginetl.app.status.StatusPage;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineStatus;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.port.Masker;
import dev.loginetl.core.transform.IpAnalytics;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresProbe;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsRejectionForwarder;
import dev.loginetl.sqs.SqsSourceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the loader: opens the queue and the database side by side (migrating the schema when it
 * is not current), runs the pipeline until it is told to stop (or, with {@code stopWhenEmpty}, until
 * the queue is drained), then finishes what is in flight and closes everything in order: stop
 * receiving, commit, acknowledge, close clients.
 */
public final class Job {
  private static final Logger LOG = LoggerFactory.getLogger(Job.class);
  /** How long /health waits for a new database connection to open and answer. */
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

  private final SqsSourceConfig queue;
  private final PostgresConfig database;
  private final Masker masker;
  private final RunSettings settings;
  private final PrintStream progressOut;
  private final PartitionUpkeep.Settings partitions;

  /**
   * @param settings the pipeline's settings ({@code stopWhenEmpty} for {@code --until-empty}), metrics
   *     address and port, and dead-letter queue
   * @param progressOut where a progress line is printed every few seconds; null for none
   */
  public Job(SqsSourceConfig queue, PostgresConfig database, Masker masker, RunSettings settings,
      PrintStream progressOut) {
    this(queue, database, masker, settings, progressOut, PartitionUpkeep.Settings.defaults());
  }

  /**
   * A job that keeps the partitions of {@code user_logins} as {@code partitions} says.
   */
  public Job(SqsSourceConfig queue, PostgresConfig database, Masker masker, RunSettings settings,
      PrintStream progressOut, PartitionUpkeep.Settings partitions) {
    this.partitions = partitions;
    this.queue = queue;
    this.database = database;
    this.masker = masker;
    this.settings = settings;
    this.progressOut = progressOut;
  }

  /**
   * Runs to the end and returns what was done; a failure is in the summary, not thrown.
   *
   * @throws dev.loginetl.app.ConfigurationException when a GeoIP database cannot be used
   * @throws EtlException when the queue or the database cannot be opened (the database's failure
   *     first when both fail)
   */
  public PipelineSummary run() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // A GeoIP database that cannot be used is a configuration mistake: found before any server is opened.
    try (IpEnrichment ip = IpEnrichment.open(settings.ip(), registry)) {
      return run(registry, ip.analytics());
    }
  }

  private PipelineSummary run(PrometheusMeterRegistry registry, IpAnalytics ipAnalytics) {
    // The queue and the database each wait on their own server: open them side by side.
    ParallelStart.Opened<SqsMessageSource, PostgresLoginSink> opened = ParallelStart.open(
        () -> SqsMessageSource.open(queue),
        () -> {
          PostgresSchema.migrate(database);
          return PostgresLoginSink.open(database);
        });
    PartitionUpkeep upkeep = PartitionUpkeep.start(database, partitions, Clock.systemUTC());
    try (PartitionUpkeep partitionUpkeep = upkeep;
        JvmMeters jvm = JvmMeters.bindTo(registry);
        SqsMessageSource source = opened.queue();
        PostgresLoginSink sink = opened.database();
        SqsRejectionForwarder deadLetters = settings.dlqUrl() == null ? null
            : SqsRejectionForwarder.open(queue.client(), settings.dlqUrl(), Version.current())) {
      StartLog startLog = new StartLog(System.nanoTime(), opened.queueMillis(), opened.databaseMillis());
      DeadLetterRefusals refusals = new DeadLetterRefusals(registry);
      LoaderPipeline.Started started = LoaderPipeline.start(source, sink, new LoginTransformer(masker, settings.envelope(), ipAnalytics),
          settings, registry, deadLetters, List.of(startLog, refusals));
      Pipeline pipeline = started.pipeline();
      PipelineMetrics metrics = started.metrics();
      StopSignals.onStop(pipeline::requestStop);
      LOG.info("loading from {} into {} ({} receivers, {} writers, batches of {})",
          source.queueUrl(), database.server(), ShownSettings.receivers(settings.pipeline()), settings.pipeline().writers(),
          settings.pipeline().batchSize());
      try (MetricsServer server = startMetrics(registry, metrics, pipeline, source, database, refusals);
          QueueDepthMeters depth = server == null ? null
              : QueueDepthMeters.start(registry, source::depth, QueueDepthMeters.INTERVAL);
          ProgressLine progress = progressOut == null ? null : ProgressLine.start(metrics, () -> pipeline.status().inFlight(), progressOut, 5)) {
        pipeline.awaitStopRequested();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return pipeline.stop();
    }
  }

  private MetricsServer startMetrics(PrometheusMeterRegistry registry, PipelineMetrics metrics, Pipeline pipeline,
      SqsMessageSource source, PostgresConfig database, DeadLetterRefusals refusals) {
    if (settings.metricsPort() == null) {
      return null;
    }
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    checks.put("pipeline", () -> {
      PipelineStatus status = pipeline.status();
      if (status.healthy()) {
        return Optional.empty();
      }
      return Optional.of(status.retrying().isEmpty()
          ? "the pipeline is " + status.state().name().toLowerCase(java.util.Locale.ROOT)
          : "retrying: " + String.join(", ", status.retrying()));
    });
    checks.put("queue", () -> {
      try {
        source.depth();
        return Optional.empty();
      } catch (EtlException e) {
        return Optional.of(e.getMessage());
      }
    });
    checks.put("database", () -> PostgresProbe.problem(database, HEALTH_TIMEOUT));
    checks.put("dead-letter queue", new HealthCheck() {
      @Override
      public Optional<String> problem() {
        return Optional.empty();
      }

      @Override
      public Optional<String> note() {
        return refusals.note();
      }
    });
    StatusPage page = new StatusPage(pipeline::status, metrics,
        ShownSettings.of(queue, database, masker, settings.pipeline(), settings.dlqUrl()));
    MetricsServer server = MetricsServer.start(MetricsServer.Settings.of(settings.metricsHost(), settings.metricsPort()),
        registry, checks, page.routes());
    LOG.info("serving the status page (/), /metrics and /health on {} port {}",
        settings.metricsHost() == null ? "every interface," : settings.metricsHost(), server.port());
    return server;
  }
}
