package dev.loginetl.app.job;

import dev.loginetl.app.cli.PipelineOptions;
import dev.loginetl.app.metrics.HealthCheck;
import dev.loginetl.app.metrics.MetricsServer;
import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.app.progress.ProgressLine;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.pipeline.PipelineStatus;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.port.Masker;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.sqs.SqsSourceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the loader: opens the queue and the database, migrates the schema, runs the pipeline
 * until it is told to stop (or, with {@code untilEmpty}, until the queue is drained), then finishes
 * what is in flight and closes everything in order: stop receiving, commit, acknowledge, close
 * clients.
 */
public final class Job {
  private static final Logger LOG = LoggerFactory.getLogger(Job.class);

  private final SqsSourceConfig queue;
  private final PostgresConfig database;
  private final Masker masker;
  private final PipelineOptions options;
  private final boolean untilEmpty;
  private final PrintStream progressOut;

  public Job(SqsSourceConfig queue, PostgresConfig database, Masker masker, PipelineOptions options,
      boolean untilEmpty, PrintStream progressOut) {
    this.queue = queue;
    this.database = database;
    this.masker = masker;
    this.options = options;
    this.untilEmpty = untilEmpty;
    this.progressOut = progressOut;
  }

  /** Runs to the end and returns what was done; a failure is in the summary, not thrown. */
  public PipelineSummary run() {
    PostgresSchema.migrate(database);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicReference<Pipeline> running = new AtomicReference<>();
    PipelineMetrics metrics = new PipelineMetrics(registry, () -> {
      Pipeline pipeline = running.get();
      return pipeline == null ? 0 : pipeline.status().inFlight();
    });
    try (SqsMessageSource source = SqsMessageSource.open(queue);
        PostgresLoginSink sink = PostgresLoginSink.open(database);
        SqsQueueAdmin deadLetters = options.dlqUrl() == null ? null : SqsQueueAdmin.open(queue.client())) {
      List<PipelineListener> listeners = new ArrayList<>(List.of(metrics));
      if (deadLetters != null) {
        listeners.add(new DeadLetterForwarder(deadLetters.sender(options.dlqUrl())));
      }
      Pipeline pipeline = Pipeline.builder(source, sink, new LoginTransformer(masker, options.envelope()))
          .receivers(options.receivers())
          .writers(options.writers())
          .batchSize(options.batchSize())
          .linger(options.linger())
          .maxInFlight(options.maxInFlight())
          .outageLimit(options.outageLimit())
          .stopWhenEmpty(untilEmpty)
          .listener(PipelineListener.composite(listeners))
          .start();
      running.set(pipeline);
      StopSignals.onStop(pipeline::requestStop);
      LOG.info("loading from {} into {} ({} receivers, {} writers, batches of {})",
          source.queueUrl(), database.server(), options.receivers(), options.writers(), options.batchSize());
      try (MetricsServer server = startMetrics(registry, pipeline, source, database);
          ProgressLine progress = progressOut == null ? null : ProgressLine.start(metrics, () -> pipeline.status().inFlight(), progressOut, 5)) {
        pipeline.awaitStopRequested();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return pipeline.stop();
    }
  }

  private MetricsServer startMetrics(PrometheusMeterRegistry registry, Pipeline pipeline,
      SqsMessageSource source, PostgresConfig database) {
    if (options.metricsPort() == null) {
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
    checks.put("database", new DatabaseHealth(database));
    MetricsServer server = MetricsServer.start(options.metricsPort(), registry, checks);
    LOG.info("serving /metrics and /health on port {}", server.port());
    return server;
  }
}
