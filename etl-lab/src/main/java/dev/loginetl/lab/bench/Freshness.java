package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loginetl.app.job.LoaderPipeline;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSender;
import dev.loginetl.sqs.SqsSourceConfig;
import dev.loginetl.testdata.MessageGenerator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Freshness under a steady load ({@code --freshness}): for each load level, a share of the
 * pipeline's capacity, the pipeline with the settings as given but never stopping when empty runs on
 * a fresh empty queue and schema while a pacer sends at that steady rate for a fixed time; then
 * everything sent is awaited and the pipeline stopped. Reports sent-to-commit latency per level, from
 * the queue's {@code SentTimestamp} to the commit, over the messages sent after a warm-up.
 *
 * <p>The pacer sends batches of 10 ({@code SendMessageBatch}) due at evenly spaced times from the
 * start: a sender that is late sends at once, so the rate catches up without a burst wider than the
 * sender threads. Sends go to the server directly. Not thread-safe; one phase at a time.
 */
public final class Freshness {
  /** The load levels, in percent of the capacity. */
  public static final List<Integer> LEVELS = List.of(25, 50, 75);
  /** Messages sent in the first this many seconds are sent but not counted in the latencies. */
  public static final int WARMUP_SECONDS = 2;
  private static final int BATCH = 10;
  private static final int SENDERS = 4;
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
  private static final String SCHEMA = "loginetl_bench_freshness";

  /**
   * The phase, as the report gives it.
   *
   * @param capacityPerSecond the rate the levels are shares of
   * @param capacityFrom where it came from: the warm phases' median, or a drain of its own
   * @param seconds how long the pacer sends at each level
   * @param warmupSeconds at the start of each level, sent but not counted in the latencies
   * @param senderThreads the pacer's threads
   * @param command the bench command that produced these figures
   * @param levels one entry per load level
   */
  public record Report(double capacityPerSecond, String capacityFrom, int seconds, int warmupSeconds,
      int senderThreads, String command, List<Level> levels) {
    public Report {
      levels = List.copyOf(levels);
    }

    /** The level at {@code percent} of the capacity, or null when it was not run. */
    public Level at(int percent) {
      return levels.stream().filter(l -> l.percentOfCapacity() == percent).findFirst().orElse(null);
    }
  }

  /**
   * One load level.
   *
   * @param targetPerSecond the rate asked of the pacer
   * @param achievedPerSecond messages sent over the pacing time
   * @param sent messages sent (all acknowledged before the level ended)
   * @param latency nullable: sent to commit over the messages sent after the warm-up; null when none was
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Level(int percentOfCapacity, double targetPerSecond, double achievedPerSecond, long sent,
      BenchReport.Latency latency) {}

  private final BenchSetup setup;
  private final PrintWriter out;
  private final long seed;

  public Freshness(BenchSetup setup, long seed, PrintWriter out) {
    this.setup = requireNonNull(setup, "setup");
    this.out = requireNonNull(out, "out");
    this.seed = seed;
  }

  /**
   * The pipeline's rate on a seeded backlog of {@code messages}, when no warm phase measured it.
   */
  public double measureCapacity(long messages) throws InterruptedException {
    return BenchQueue.seeded(setup, "freshness", seed, messages, (admin, queueUrl, seeded) -> {
      Schemas.drop(setup, SCHEMA);
      try {
        return PipelineDrain.run(setup, queueUrl, SCHEMA, seeded, new Resources()).messagesPerSecond();
      } finally {
        Schemas.drop(setup, SCHEMA);
      }
    });
  }

  /** Runs every level against {@code capacity} msg/s; prints a line per level. */
  public Report run(double capacity, String capacityFrom, int seconds, String command) throws InterruptedException {
    if (seconds <= WARMUP_SECONDS) {
      throw new IllegalArgumentException("--freshness-seconds must be more than the " + WARMUP_SECONDS + " s warm-up");
    }
    out.printf(Locale.ROOT, "Freshness at a steady load, %d s per level, of a capacity of %,.0f msg/s (%s):%n", seconds,
        capacity, capacityFrom);
    out.flush();
    List<Level> levels = new ArrayList<>();
    for (int percent : LEVELS) {
      Level level = level(percent, capacity * percent / 100, seconds);
      BenchReport.Latency l = level.latency();
      out.printf(Locale.ROOT, "  %3d%%  target %,7.0f msg/s  sent %,7.0f msg/s  sent->commit p50 %s  p99 %s  max %s ms%n",
          percent, level.targetPerSecond(), level.achievedPerSecond(), l == null ? "-" : l.p50Millis(),
          l == null ? "-" : l.p99Millis(), l == null ? "-" : l.maxMillis());
      out.flush();
      levels.add(level);
    }
    return new Report(StageClock.round(capacity, 0), capacityFrom, seconds, WARMUP_SECONDS, SENDERS, command, levels);
  }

  private Level level(int percent, double rate, int seconds) throws InterruptedException {
    RunSettings run = setup.run().withPipeline(setup.run().pipeline().withStopWhenEmpty(false));
    return BenchQueue.use(setup, "freshness", (admin, queueUrl) -> {
      Schemas.drop(setup, SCHEMA);
      try {
        PostgresConfig database = setup.database(SCHEMA, run.pipeline().writers() + 1);
        PostgresSchema.migrate(database);
        try (SqsMessageSource source = SqsMessageSource.open(
                SqsSourceConfig.of(setup.sqs(), queueUrl).withWaitTime(BenchSetup.WAIT_TIME));
            PostgresLoginSink sink = PostgresLoginSink.open(database)) {
          PipelineDrain.Observer observer = new PipelineDrain.Observer();
          Pipeline pipeline = LoaderPipeline.start(source, sink, new LoginTransformer(setup.masker()), run,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, List.of(observer)).pipeline();
          long sent;
          double achieved;
          PipelineSummary summary;
          try {
            long start = System.currentTimeMillis();
            observer.countFrom(start + WARMUP_SECONDS * 1000L);
            long startNanos = System.nanoTime();
            sent = pace(admin.sender(queueUrl), rate, seconds);
            achieved = sent / ((System.nanoTime() - startNanos) / 1e9);
            long settleBy = System.nanoTime() + SETTLE_LIMIT.toNanos();
            while (observer.acknowledged.sum() < sent && System.nanoTime() < settleBy
                && !pipeline.awaitStopRequested(Duration.ofMillis(5))) {
              // waiting for the last messages sent
            }
          } finally {
            summary = pipeline.stop();
          }
          PipelineDrain.requireSucceeded(summary);
          if (observer.acknowledged.sum() < sent) {
            throw new EtlException("the pipeline deleted " + observer.acknowledged.sum() + " of the " + sent
                + " messages sent within " + SETTLE_LIMIT.toSeconds() + " s of the last send");
          }
          return new Level(percent, StageClock.round(rate, 0), StageClock.round(achieved, 0), sent,
              observer.latency());
        }
      } finally {
        Schemas.drop(setup, SCHEMA);
      }
    });
  }

  /** Sends at {@code rate} for {@code seconds}; returns how many messages were sent. */
  private long pace(SqsSender sender, double rate, int seconds) throws InterruptedException {
    MessageGenerator generator = new MessageGenerator(seed);
    long interval = Math.max(1, Math.round(BATCH / rate * 1e9));
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    AtomicLong tickets = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    AtomicInteger names = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> {
      Thread thread = new Thread(r, "loginetl-bench-pace-" + names.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        running.add(senders.submit(() -> {
          while (true) {
            long due = start + tickets.getAndIncrement() * interval;
            if (due >= end) {
              return null;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
              LockSupport.parkNanos(wait);
            }
            List<String> bodies = new ArrayList<>(BATCH);
            synchronized (generator) {
              for (int m = 0; m < BATCH; m++) {
                bodies.add(generator.next().body());
              }
            }
            SqsSender.Result result = sender.send(bodies);
            if (!result.refused().isEmpty()) {
              throw new EtlException("the queue refused " + result.refused().size() + " generated messages ("
                  + result.refused().get(0).code() + ")");
            }
            sent.addAndGet(result.sent());
          }
        }));
      }
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof RuntimeException runtime ? runtime : new EtlException("pacing failed: " + cause, cause);
        }
      }
    } finally {
      senders.shutdownNow();
    }
    return sent.get();
  }
}
