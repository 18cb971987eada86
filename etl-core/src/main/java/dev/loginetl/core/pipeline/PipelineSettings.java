package dev.loginetl.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link Pipeline} runs: its concurrency, batching, retries and shutdown. Start from {@link
 * #defaults()}, which suit SQS and PostgreSQL on a small machine, and change what you need with the
 * {@code with…} methods, each of which returns a new value.
 *
 * <p>Immutable and thread-safe. The constructor rejects a value out of range with an {@link
 * IllegalArgumentException} whose message is one sentence naming the setting; no component is null.
 *
 * @param receivers threads receiving from the source in parallel; at least 1
 * @param writers threads writing batches to the sink in parallel, each also waiting for its batch's
 *     acknowledgement; at least 1
 * @param batchSize the most messages in one batch; at least 1
 * @param linger how long a batch waits to fill after its first message; not negative
 * @param maxInFlight the most messages held between receipt and acknowledgement; at least 1
 * @param initialRetryDelay the first wait before retrying a failed call; not negative
 * @param maxRetryDelay the longest wait between retries; at least {@code initialRetryDelay}
 * @param outageLimit how long a call may keep failing before the pipeline gives up; not negative
 * @param shutdownTimeout how long {@link Pipeline#stop()} waits for receivers to return (writers get
 *     the outage limit on top); not negative
 * @param stopWhenEmpty whether to stop receiving once a receive comes back empty with nothing in
 *     flight
 */
public record PipelineSettings(
    int receivers,
    int writers,
    int batchSize,
    Duration linger,
    int maxInFlight,
    Duration initialRetryDelay,
    Duration maxRetryDelay,
    Duration outageLimit,
    Duration shutdownTimeout,
    boolean stopWhenEmpty) {

  private static final PipelineSettings DEFAULTS =
      new PipelineSettings(
          4,
          4,
          500,
          Duration.ofMillis(100),
          5_000,
          Duration.ofMillis(100),
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          false);

  public PipelineSettings {
    atLeastOne("receivers", receivers);
    atLeastOne("writers", writers);
    atLeastOne("batchSize", batchSize);
    atLeastOne("maxInFlight", maxInFlight);
    notNegative("linger", linger);
    notNegative("initialRetryDelay", initialRetryDelay);
    notNegative("maxRetryDelay", maxRetryDelay);
    notNegative("outageLimit", outageLimit);
    notNegative("shutdownTimeout", shutdownTimeout);
    if (maxRetryDelay.compareTo(initialRetryDelay) < 0) {
      throw new IllegalArgumentException(
          "maxRetryDelay must be at least initialRetryDelay (" + initialRetryDelay + "), was " + maxRetryDelay);
    }
  }

  /**
   * 4 receivers, 4 writers, batches of 500 lingering 100 ms, 5,000 in flight, retries from 100 ms to
   * 5 s, a 5-minute outage limit, a 30 s shutdown timeout, and no stop when empty.
   */
  public static PipelineSettings defaults() {
    return DEFAULTS;
  }

  /** These settings with {@code receivers} receiver threads. */
  public PipelineSettings withReceivers(int receivers) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with {@code writers} writer threads. */
  public PipelineSettings withWriters(int writers) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with batches of at most {@code batchSize} messages. */
  public PipelineSettings withBatchSize(int batchSize) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with batches waiting {@code linger} to fill. */
  public PipelineSettings withLinger(Duration linger) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with at most {@code maxInFlight} messages held at once. */
  public PipelineSettings withMaxInFlight(int maxInFlight) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with retries waiting from {@code initial} up to {@code max}. */
  public PipelineSettings withRetryDelays(Duration initial, Duration max) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initial, max,
        outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings giving up on a call that has failed for longer than {@code outageLimit}. */
  public PipelineSettings withOutageLimit(Duration outageLimit) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with {@link Pipeline#stop()} waiting {@code shutdownTimeout} for receivers. */
  public PipelineSettings withShutdownTimeout(Duration shutdownTimeout) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings stopping, or not, once the source is empty and nothing is in flight. */
  public PipelineSettings withStopWhenEmpty(boolean stopWhenEmpty) {
    return new PipelineSettings(receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  private static void atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }

  private static void notNegative(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
