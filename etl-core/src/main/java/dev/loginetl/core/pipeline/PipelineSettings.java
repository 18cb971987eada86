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
 * <p><b>Receivers.</b> With {@code maxReceivers > receivers} the receiver count adapts: the
 * pipeline starts with {@value #START_RECEIVERS} brought within {@code [receivers, maxReceivers]},
 * adds receivers while receives come back full and each addition raises the rate of messages
 * received, and drops them when receives come back empty or the {@code maxInFlight} bound holds
 * them back. With equal bounds ({@link #withReceivers(int)}) the count is fixed.
 *
 * @param receivers the fewest threads receiving from the source in parallel, and the count when it
 *     is fixed; at least 1
 * @param maxReceivers the most threads receiving in parallel; at least {@code receivers}, and more
 *     than it for an adaptive count
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
    int maxReceivers,
    int writers,
    int batchSize,
    Duration linger,
    int maxInFlight,
    Duration initialRetryDelay,
    Duration maxRetryDelay,
    Duration outageLimit,
    Duration shutdownTimeout,
    boolean stopWhenEmpty) {

  /** Where an adaptive count starts, within its bounds (see {@link #defaults()} for why 8). */
  static final int START_RECEIVERS = 8;

  private static final PipelineSettings DEFAULTS =
      new PipelineSettings(
          2,
          32,
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
    if (maxReceivers < receivers) {
      throw new IllegalArgumentException(
          "maxReceivers must be at least receivers (" + receivers + "), was " + maxReceivers);
    }
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
   * An adaptive count of 2 to 32 receivers, starting at 8; 4 writers, batches of 500 lingering 100
   * ms, 5,000 in flight, retries from 100 ms to 5 s, a 5-minute outage limit, a 30 s shutdown
   * timeout, and no stop when empty.
   *
   * <p>Why those bounds: each receive of SQS returns at most 10 messages after a round trip of 5 to
   * 30 ms, so 4 receivers cap a pipeline near 1,300 to 8,000 messages a second, and 32 reach past
   * what a small machine transforms and writes, while staying well inside the SQS client's
   * 64 connections. At least 2, so that one slow receive never leaves the queue unread. Starting at
   * 8: a count started lower takes longer to find its level than a drain of a few seconds lasts, and
   * an idle queue sheds the extra long polls within a few seconds.
   */
  public static PipelineSettings defaults() {
    return DEFAULTS;
  }

  /** These settings with a fixed count of {@code receivers} receiver threads, never adapted. */
  public PipelineSettings withReceivers(int receivers) {
    return new PipelineSettings(receivers, receivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /**
   * These settings with a receiver count that the pipeline adapts to the queue, between {@code min}
   * and {@code max}; equal bounds make a fixed count, as {@link #withReceivers(int)}.
   */
  public PipelineSettings withAdaptiveReceivers(int min, int max) {
    return new PipelineSettings(min, max, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** Whether the pipeline adapts its receiver count: {@code maxReceivers > receivers}. */
  public boolean adaptiveReceivers() {
    return maxReceivers > receivers;
  }

  /**
   * The receivers a pipeline starts with: the count when fixed; when adaptive, {@value
   * #START_RECEIVERS} brought within the bounds.
   */
  int initialReceivers() {
    return Math.max(receivers, Math.min(START_RECEIVERS, maxReceivers));
  }

  /** These settings with {@code writers} writer threads. */
  public PipelineSettings withWriters(int writers) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with batches of at most {@code batchSize} messages. */
  public PipelineSettings withBatchSize(int batchSize) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with batches waiting {@code linger} to fill. */
  public PipelineSettings withLinger(Duration linger) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with at most {@code maxInFlight} messages held at once. */
  public PipelineSettings withMaxInFlight(int maxInFlight) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with retries waiting from {@code initial} up to {@code max}. */
  public PipelineSettings withRetryDelays(Duration initial, Duration max) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initial, max,
        outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings giving up on a call that has failed for longer than {@code outageLimit}. */
  public PipelineSettings withOutageLimit(Duration outageLimit) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings with {@link Pipeline#stop()} waiting {@code shutdownTimeout} for receivers. */
  public PipelineSettings withShutdownTimeout(Duration shutdownTimeout) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
        maxRetryDelay, outageLimit, shutdownTimeout, stopWhenEmpty);
  }

  /** These settings stopping, or not, once the source is empty and nothing is in flight. */
  public PipelineSettings withStopWhenEmpty(boolean stopWhenEmpty) {
    return new PipelineSettings(receivers, maxReceivers, writers, batchSize, linger, maxInFlight, initialRetryDelay,
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
