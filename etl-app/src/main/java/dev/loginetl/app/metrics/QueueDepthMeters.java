package dev.loginetl.app.metrics;

import static java.util.Objects.requireNonNull;

import dev.loginetl.sqs.QueueDepth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 * <p>Thread-safe. {@link #close()} stops the reads; idempotent.
 */
public final class QueueDepthMeters implements AutoCloseable {
  /** How often the counts are read: within SQS's own minute, at one cheap call per runner. */
  public static final Duration INTERVAL = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(QueueDepthMeters.class);

  private final Supplier<QueueDepth> depth;
  private final ScheduledExecutorService reader;
  private volatile QueueDepth last;
  private volatile boolean closed;
  private boolean failing;

  private QueueDepthMeters(MeterRegistry registry, Supplier<QueueDepth> depth) {
    this.depth = depth;
    gauge(registry, "visible", QueueDepth::visible);
    gauge(registry, "in_flight", QueueDepth::inFlight);
    gauge(registry, "delayed", QueueDepth::delayed);
    this.reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "loginetl-queue-depth");
      thread.setDaemon(true);
      return thread;
    });
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
    QueueDepthMeters meters = new QueueDepthMeters(registry, depth);
    meters.reader.scheduleWithFixedDelay(meters::read, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return meters;
  }

  private void gauge(MeterRegistry registry, String state, ToDoubleFunction<QueueDepth> count) {
    Gauge.builder("loginetl.queue.messages", this, meters -> {
      QueueDepth now = meters.last;
      return now == null ? Double.NaN : count.applyAsDouble(now);
    }).tag("state", state)
        .description("Messages on the queue by state, as SQS approximately counts them (read every "
            + INTERVAL.toSeconds() + " s; NaN while the read fails)")
        .register(registry);
  }

  /** Runs on the reader thread only. */
  private void read() {
    try {
      last = depth.get();
      if (failing) {
        LOG.info("reading the queue's depth: working again");
        failing = false;
      }
    } catch (RuntimeException e) {
      last = null;
      if (closed) {
        return; // a read that close() interrupted
      }
      if (!failing) {
        LOG.warn("could not read the queue's depth; its gauges are NaN until a read succeeds: {}", e.getMessage());
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    reader.shutdownNow();
  }
}
