package dev.loginetl.app.metrics;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.loginetl.sqs.QueueDepth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's approximate depth as gauges, {@code loginetl_queue_messages{state}} with state {@code
 * visible}, {@code in_flight} and {@code delayed}: SQS's own counts ({@link QueueDepth}), read by a
 * daemon thread at once and then every {@code interval}, never while Prometheus scrapes. SQS updates
 * them about once a minute, so a shorter interval shows nothing new. While a read fails, the gauges
 * are NaN, so that a dashboard shows a gap rather than an old count; {@code /health} says why.
 *
 * <p>Every runner on a queue reports the same counts: aggregate them with {@code max}, not {@code sum}.
 *
 * <p>Thread-safe. {@link #close()} stops the reads, letting one under way finish for up to a second
 * before interrupting it; idempotent.
 */
public final class QueueDepthMeters implements AutoCloseable {
  /** How often the counts are read: within SQS's own minute, at one cheap call per runner. */
  public static final Duration INTERVAL = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(QueueDepthMeters.class);
  /** How long {@link #close()} lets a read under way finish before interrupting it. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final Supplier<QueueDepth> depth;
  private final ScheduledExecutorService reader;
  private volatile QueueDepth last;
  private volatile boolean closed;
  private boolean failing;

  private QueueDepthMeters(MeterRegistry registry, Supplier<QueueDepth> depth, Duration interval) {
    this.depth = depth;
    gauge(registry, interval, "visible", QueueDepth::visible);
    gauge(registry, interval, "in_flight", QueueDepth::inFlight);
    gauge(registry, interval, "delayed", QueueDepth::delayed);
    this.reader = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("loginetl-queue-depth").setDaemon(true).build());
  }

  /**
   * Registers the gauges on {@code registry} and starts reading {@code depth} every {@code
   * interval}, the first time now.
   */
  public static QueueDepthMeters start(MeterRegistry registry, Supplier<QueueDepth> depth, Duration interval) {
    requireNonNull(registry, "registry");
    requireNonNull(depth, "depth");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the interval between queue depth reads must be positive");
    }
    QueueDepthMeters meters = new QueueDepthMeters(registry, depth, interval);
    meters.reader.scheduleWithFixedDelay(meters::read, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return meters;
  }

  private void gauge(MeterRegistry registry, Duration interval, String state, ToDoubleFunction<QueueDepth> count) {
    Gauge.builder("loginetl.queue.messages", this, meters -> {
      QueueDepth now = meters.last;
      return now == null ? Double.NaN : count.applyAsDouble(now);
    }).tag("state", state)
        .description("Messages on the queue by state, as SQS approximately counts them (read every "
            + BigDecimal.valueOf(interval.toMillis(), 3).stripTrailingZeros().toPlainString()
            + " s; NaN while the read fails)")
        .strongReference(true)
        .register(registry);
  }

  /** Runs on the reader thread only. */
  private void read() {
    QueueDepth read = null;
    try {
      read = depth.get();
      if (failing) {
        LOG.info("reading the queue's depth: working again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!closed && !failing) {
        LOG.warn("could not read the queue's depth; its gauges are NaN until a read succeeds: {}: {}",
            e.getClass().getSimpleName(), e.getMessage());
        failing = true;
      }
    } finally {
      last = read; // null, so NaN, after any failure: never an old count
    }
  }

  /** Whether the reader thread has ended, which it does in {@link #close()} unless a read ignores interrupts. */
  boolean readerEnded() {
    return reader.isTerminated();
  }

  @Override
  public void close() {
    closed = true;
    // Half the wait for a read to end, then an interrupt and the other half.
    MoreExecutors.shutdownAndAwaitTermination(reader, CLOSE_WAIT.multipliedBy(2));
  }
}
