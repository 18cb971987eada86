package dev.loginetl.lab.bench;

import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 2: the pipeline as {@code run --until-empty} builds it (same settings, the same metrics
 * listener), into an empty {@code user_logins} in a fresh schema, with the source and sink timed.
 */
final class PipelineDrain {
  private PipelineDrain() {}

  static BenchReport.Phase run(BenchSetup setup, String queueUrl, String schema, Seeder.Seeded seeded,
      Resources resources) throws InterruptedException {
    BenchSetup.PipelineSettings settings = setup.pipeline();
    PostgresConfig database = setup.database(schema, settings.writers() + 1);
    PostgresSchema.migrate(database);
    AtomicReference<Pipeline> running = new AtomicReference<>();
    PipelineMetrics metrics = new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> {
      Pipeline pipeline = running.get();
      return pipeline == null ? null : pipeline.status();
    });
    Observer observer = new Observer(metrics);
    try (TimedSource source = new TimedSource(SqsMessageSource.open(
            SqsSourceConfig.of(setup.sqs(), queueUrl).withWaitTime(BenchSetup.WAIT_TIME)));
        TimedSink sink = new TimedSink(PostgresLoginSink.open(database))) {
      resources.start();
      long start = System.nanoTime();
      Pipeline pipeline = Pipeline.builder(source, sink, new LoginTransformer(setup.masker()))
          .receivers(settings.receivers())
          .writers(settings.writers())
          .batchSize(settings.batchSize())
          .linger(settings.linger())
          .maxInFlight(settings.maxInFlight())
          .stopWhenEmpty(true)
          .listener(observer)
          .start();
      running.set(pipeline);
      BenchReport.Cpu cpu;
      long peak;
      PipelineSummary summary;
      try {
        // CPU is read once everything is deleted, before the final empty poll and the shutdown.
        while (observer.acknowledged.sum() < seeded.sent() && !pipeline.awaitStopRequested(Duration.ofMillis(5))) {
          // waiting
        }
        cpu = resources.cpu();
        peak = resources.peakHeapBytes();
        pipeline.awaitStopRequested();
      } finally {
        // Its threads stop before the source and sink close under them, whatever happened above.
        summary = pipeline.stop();
      }
      double wall = (System.nanoTime() - start) / 1e9;
      if (summary.failed().isPresent()) {
        throw new EtlException("the pipeline failed: " + summary.failed().get().getMessage(), summary.failed().get());
      }
      double seconds = (observer.lastAcknowledged.get() - start) / 1e9;
      Map<String, BenchReport.Stage> stages = new LinkedHashMap<>();
      stages.put("receive", source.receive.snapshot(seconds));
      stages.put("write", sink.write.snapshot(seconds));
      stages.put("delete", source.acknowledge.snapshot(seconds));
      long count = summary.acknowledged();
      return new BenchReport.Phase("pipeline", seeded.sent(), BareDrain.round3(seeded.seconds()), count,
          BareDrain.round3(seconds), BareDrain.round3(wall), StageClock.round(count / seconds, 0), peak,
          summary.loaded(), summary.rejectedTotal(), observer.latency(), stages, cpu);
    }
  }

  /** Passes everything to the run command's metrics and notes deletions and latencies. */
  static final class Observer implements PipelineListener {
    final LongAdder acknowledged = new LongAdder();
    final AtomicLong lastAcknowledged = new AtomicLong();
    private final PipelineListener metrics;
    private final Latencies latencies = new Latencies();

    Observer(PipelineListener metrics) {
      this.metrics = metrics;
    }

    @Override
    public void received(int messages) {
      metrics.received(messages);
    }

    @Override
    public void committed(BatchReport report) {
      metrics.committed(report);
      long committed = report.committedAt().toEpochMilli();
      long[] values = new long[report.sentTimestamps().size()];
      int i = 0;
      for (Instant sent : report.sentTimestamps()) {
        values[i++] = committed - sent.toEpochMilli();
      }
      latencies.add(values);
    }

    @Override
    public void acknowledged(int messages) {
      metrics.acknowledged(messages);
      acknowledged.add(messages);
      lastAcknowledged.accumulateAndGet(System.nanoTime(), Math::max);
    }

    @Override
    public void extended(int messages) {
      metrics.extended(messages);
    }

    @Override
    public void retrying(String operation, EtlException cause, Duration delay) {
      metrics.retrying(operation, cause, delay);
    }

    BenchReport.Latency latency() {
      return latencies.summary();
    }
  }
}
