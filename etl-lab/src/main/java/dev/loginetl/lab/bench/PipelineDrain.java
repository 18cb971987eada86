package dev.loginetl.lab.bench;

import dev.loginetl.app.job.LoaderPipeline;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.core.transform.Transform;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 2: the pipeline as {@code run --until-empty} builds it ({@link LoaderPipeline}, with the
 * same settings and listeners), into an empty {@code user_logins} in a fresh schema, with the source
 * and sink timed. Phase 1, the bare drain, runs the very same assembly with a pass-through transform
 * and a sink that writes nothing ({@link BareDrain}).
 */
final class PipelineDrain {
  private PipelineDrain() {}

  static BenchReport.Phase run(BenchSetup setup, String queueUrl, String schema, Seeder.Seeded seeded,
      Resources resources) throws InterruptedException {
    PostgresConfig database = setup.database(schema, setup.run().pipeline().writers() + 1);
    PostgresSchema.migrate(database);
    try (TimedSource source = new TimedSource(SqsMessageSource.open(
            SqsSourceConfig.of(setup.sqs(), queueUrl).withWaitTime(BenchSetup.WAIT_TIME)));
        TimedSink sink = new TimedSink(PostgresLoginSink.open(database))) {
      Drained drained = drain(setup, source, sink, new LoginTransformer(setup.masker()), seeded, resources);
      Map<String, BenchReport.Stage> stages = new LinkedHashMap<>();
      stages.put("receive", source.receive.snapshot(drained.seconds()));
      stages.put("write", sink.write.snapshot(drained.seconds()));
      stages.put("delete", source.acknowledge.snapshot(drained.seconds()));
      return drained.phase("pipeline", seeded, drained.summary().loaded(), drained.summary().rejectedTotal(),
          drained.latency(), stages);
    }
  }

  /**
   * Runs the loader's pipeline over {@code source} and {@code sink} until every seeded message is
   * deleted and the queue is empty; CPU and heap are read once everything is deleted, before the
   * final empty poll and the shutdown.
   */
  static Drained drain(BenchSetup setup, TimedSource source, LoginSink sink, Transform transform,
      Seeder.Seeded seeded, Resources resources) throws InterruptedException {
    Observer observer = new Observer();
    resources.start();
    long start = System.nanoTime();
    Pipeline pipeline = LoaderPipeline.start(source, sink, transform, setup.run(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, List.of(observer)).pipeline();
    BenchReport.Cpu cpu;
    long peak;
    PipelineSummary summary;
    try {
      boolean marked = false;
      long acknowledged;
      while ((acknowledged = observer.acknowledged.sum()) < seeded.sent()
          && !pipeline.awaitStopRequested(Duration.ofMillis(5))) {
        if (!marked && acknowledged >= seeded.sent() / 2) {
          // The second half is the steady state: the phase's start (pool, schema, and the JIT
          // catching up after the phase before ran other code in this JVM) is behind it.
          resources.markSteady(acknowledged);
          marked = true;
        }
      }
      cpu = resources.cpu(observer.acknowledged.sum());
      peak = resources.peakHeapBytes();
      pipeline.awaitStopRequested();
    } finally {
      // Its threads stop before the source and sink close under them, whatever happened above.
      summary = pipeline.stop();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    requireSucceeded(summary);
    return new Drained(summary, (observer.lastAcknowledged.get() - start) / 1e9, wall, cpu, peak, observer.latency());
  }

  /** @throws EtlException when the pipeline stopped on a failure, with that failure as its cause */
  static void requireSucceeded(PipelineSummary summary) {
    if (summary.failed().isPresent()) {
      throw new EtlException("the pipeline failed: " + summary.failed().get().getMessage(), summary.failed().get());
    }
  }

  /** What one drain measured. */
  record Drained(PipelineSummary summary, double seconds, double wall, BenchReport.Cpu cpu, long peakHeapBytes,
      BenchReport.Latency latency) {
    BenchReport.Phase phase(String name, Seeder.Seeded seeded, Long loaded, Long rejected, BenchReport.Latency latency,
        Map<String, BenchReport.Stage> stages) {
      long count = summary.acknowledged();
      return new BenchReport.Phase(name, seeded.sent(), BareDrain.round3(seeded.seconds()), count,
          BareDrain.round3(seconds), BareDrain.round3(wall), StageClock.round(count / seconds, 0), peakHeapBytes,
          loaded, rejected, latency, stages, cpu);
    }
  }

  /**
   * Notes deletions and latencies (of every message, or of those sent from {@link #countFrom} on);
   * told after the run command's own listeners.
   */
  static final class Observer implements PipelineListener {
    final LongAdder acknowledged = new LongAdder();
    final AtomicLong lastAcknowledged = new AtomicLong();
    private final Latencies latencies = new Latencies();
    private volatile long countFromMillis = Long.MIN_VALUE;

    /** Leaves messages sent before {@code epochMillis} out of the latencies. */
    void countFrom(long epochMillis) {
      countFromMillis = epochMillis;
    }

    @Override
    public void committed(BatchReport report) {
      long committed = report.committedAt().toEpochMilli();
      long from = countFromMillis;
      long[] values = new long[report.sentTimestamps().size()];
      int counted = 0;
      for (Instant sent : report.sentTimestamps()) {
        long sentMillis = sent.toEpochMilli();
        if (sentMillis >= from) {
          values[counted++] = committed - sentMillis;
        }
      }
      if (counted > 0) {
        latencies.add(counted == values.length ? values : Arrays.copyOf(values, counted));
      }
    }

    @Override
    public void acknowledged(int messages) {
      acknowledged.add(messages);
      lastAcknowledged.accumulateAndGet(System.nanoTime(), Math::max);
    }

    BenchReport.Latency latency() {
      return latencies.summary();
    }
  }
}
