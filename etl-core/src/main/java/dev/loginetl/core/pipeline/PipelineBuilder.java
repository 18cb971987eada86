package dev.loginetl.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.port.RejectionForwarder;
import dev.loginetl.core.transform.Transform;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Assembles a {@link Pipeline}, made by {@link Pipeline#builder}: its {@link PipelineSettings} (set
 * whole, or one at a time through the setters, which validate as the settings do and throw the same
 * {@link IllegalArgumentException}), its listener, clock and threads.
 *
 * <p>It builds and is not kept: {@link #start()} hands the pipeline the immutable settings as they
 * stand, so changing the builder afterwards changes nothing in a started pipeline, and the builder
 * may start another. Not thread-safe. No setter takes null.
 */
public final class PipelineBuilder {
  private final MessageSource source;
  private final LoginSink sink;
  private final Transform transform;
  private PipelineSettings settings = PipelineSettings.defaults();
  private PipelineListener listener = PipelineListener.NONE;
  private Clock clock = Clock.systemUTC();
  private ThreadFactory threadFactory;
  private RejectionForwarder forwarder;

  PipelineBuilder(MessageSource source, LoginSink sink, Transform transform) {
    this.source = requireNonNull(source, "source");
    this.sink = requireNonNull(sink, "sink");
    this.transform = requireNonNull(transform, "transform");
  }

  /** All settings at once (default {@link PipelineSettings#defaults()}); later setters change them. */
  public PipelineBuilder settings(PipelineSettings settings) {
    this.settings = requireNonNull(settings, "settings");
    return this;
  }

  /** The settings as they stand. */
  public PipelineSettings settings() {
    return settings;
  }

  /**
   * A fixed count of receivers, see {@link PipelineSettings#withReceivers(int)} (default adaptive, 2
   * to 32).
   */
  public PipelineBuilder receivers(int receivers) {
    return settings(settings.withReceivers(receivers));
  }

  /**
   * An adaptive count of receivers, see {@link PipelineSettings#withAdaptiveReceivers(int, int)}
   * (default 2 to 32).
   */
  public PipelineBuilder adaptiveReceivers(int min, int max) {
    return settings(settings.withAdaptiveReceivers(min, max));
  }

  /** See {@link PipelineSettings#writers()} (default 4). */
  public PipelineBuilder writers(int writers) {
    return settings(settings.withWriters(writers));
  }

  /** See {@link PipelineSettings#batchSize()} (default 500). */
  public PipelineBuilder batchSize(int batchSize) {
    return settings(settings.withBatchSize(batchSize));
  }

  /** See {@link PipelineSettings#linger()} (default 100 ms). */
  public PipelineBuilder linger(Duration linger) {
    return settings(settings.withLinger(linger));
  }

  /** See {@link PipelineSettings#maxInFlight()} (default 5,000). */
  public PipelineBuilder maxInFlight(int maxInFlight) {
    return settings(settings.withMaxInFlight(maxInFlight));
  }

  /**
   * See {@link PipelineSettings#initialRetryDelay()} and {@link PipelineSettings#maxRetryDelay()}
   * (defaults 100 ms and 5 s).
   */
  public PipelineBuilder retryDelays(Duration initial, Duration max) {
    return settings(settings.withRetryDelays(initial, max));
  }

  /** See {@link PipelineSettings#outageLimit()} (default 5 minutes). */
  public PipelineBuilder outageLimit(Duration outageLimit) {
    return settings(settings.withOutageLimit(outageLimit));
  }

  /** See {@link PipelineSettings#shutdownTimeout()} (default 30 s). */
  public PipelineBuilder shutdownTimeout(Duration shutdownTimeout) {
    return settings(settings.withShutdownTimeout(shutdownTimeout));
  }

  /** See {@link PipelineSettings#stopWhenEmpty()} (default false). */
  public PipelineBuilder stopWhenEmpty(boolean stopWhenEmpty) {
    return settings(settings.withStopWhenEmpty(stopWhenEmpty));
  }

  /** Who is told of progress (default nobody); {@link PipelineListener#composite} for several. */
  public PipelineBuilder listener(PipelineListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /** The clock that stamps commits (default UTC system clock). */
  public PipelineBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Makes every thread of the pipeline, its receivers ({@link PipelineSettings#maxReceivers()} of
   * them), writers, visibility extender and, for an adaptive receiver count, the one that adapts it:
   * {@code Thread.ofVirtual().factory()} on Java 21, or a service's own. By default each is a daemon
   * platform thread named {@code loginetl-receiver-N}, {@code loginetl-writer-N}, {@code
   * loginetl-visibility-N} or {@code loginetl-scaler-N}. The pipeline ends its threads by returning from their tasks, or by
   * interrupting them when {@link Pipeline#stop()} runs out of time.
   */
  public PipelineBuilder threadFactory(ThreadFactory threadFactory) {
    this.threadFactory = requireNonNull(threadFactory, "threadFactory");
    return this;
  }

  /**
   * Where rejected messages are forwarded before they are acknowledged, a dead-letter queue
   * (default none: a rejected message is acknowledged once its rejection is committed). A forward
   * that fails is retried, as operation {@code "forward to the dead-letter queue"}, up to the outage
   * limit; then the pipeline stops, and the messages stay on the source. The pipeline does not
   * close it.
   */
  public PipelineBuilder rejectionForwarder(RejectionForwarder forwarder) {
    this.forwarder = requireNonNull(forwarder, "forwarder");
    return this;
  }

  /** Starts a pipeline with the settings, forwarder, listener, clock and threads as they stand. */
  public Pipeline start() {
    Pipeline pipeline =
        new Pipeline(source, sink, forwarder, transform, settings, listener, clock, threadFactory);
    pipeline.startThreads();
    return pipeline;
  }
}
