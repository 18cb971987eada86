package dev.loginetl.core.pipeline;

import com.google.common.util.concurrent.MoreExecutors;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many of a pipeline's receiver threads receive now. The pipeline starts {@link
 * PipelineSettings#maxReceivers()} threads, each with an index; one whose index is at or above the
 * count parks instead of receiving. For an adaptive count a control thread, every {@value
 * #TICK_MILLIS} ms, hands a {@link ReceiverScaler} what the receivers did since the last tick and
 * applies its answer; a fixed count has no control thread and never changes.
 *
 * <p>Thread-safe. {@link #start()} once; {@link #close()} stops the control thread and is
 * idempotent.
 */
final class ActiveReceivers implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
  static final long TICK_MILLIS = 250;
  private static final long PARK_MILLIS = 50;

  private final ReceiverScaler scaler;
  private final ScheduledExecutorService control;
  private final Object turns = new Object();
  private volatile int active;

  private final LongAdder receives = new LongAdder();
  private final LongAdder full = new LongAdder();
  private final LongAdder empty = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final LongAdder roomWaitNanos = new LongAdder();
  private long lastTick;

  /** {@code threads} makes the control thread, for an adaptive count only. */
  ActiveReceivers(PipelineSettings settings, ThreadFactory threads) {
    this.active = settings.initialReceivers();
    if (settings.adaptiveReceivers()) {
      this.scaler = new ReceiverScaler(settings.receivers(), settings.maxReceivers(), active);
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      this.control = executor;
    } else {
      this.scaler = null;
      this.control = null;
    }
  }

  /** Starts the control thread, if the count is adaptive. */
  void start() {
    if (control != null) {
      lastTick = System.nanoTime();
      control.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** The receivers that may receive now. */
  int active() {
    return active;
  }

  /**
   * Whether receiver {@code index} may receive now; when it may not, first waits up to {@value
   * #PARK_MILLIS} ms for the count to rise, so that the caller can look at whether to go on.
   */
  boolean mayReceive(int index) throws InterruptedException {
    if (index < active) {
      return true;
    }
    synchronized (turns) {
      if (index >= active) {
        turns.wait(PARK_MILLIS);
      }
    }
    return index < active;
  }

  /** Records a receive that asked for {@code wanted} messages and got {@code got}. */
  void received(int got, int wanted) {
    receives.increment();
    messages.add(got);
    if (got == 0) {
      empty.increment();
    } else if (got >= wanted) {
      full.increment();
    }
  }

  /** Records time a receiver spent waiting for in-flight room. */
  void waitedForRoom(long nanos) {
    roomWaitNanos.add(nanos);
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      ReceiverScaler.Window window = new ReceiverScaler.Window(receives.sumThenReset(),
          full.sumThenReset(), empty.sumThenReset(), messages.sumThenReset(),
          roomWaitNanos.sumThenReset(), now - lastTick);
      lastTick = now;
      int before = active;
      ReceiverScaler.Step step = scaler.next(window);
      if (step.receivers() != before) {
        synchronized (turns) {
          active = step.receivers();
          turns.notifyAll();
        }
        LOG.log(Level.DEBUG, "receivers {0} -> {1}: {2}", before, step.receivers(), step.why());
      }
    } catch (RuntimeException e) {
      // The count stays where it is; the pipeline runs on.
      LOG.log(Level.WARNING, "the receiver count could not be adapted", e);
    }
  }

  @Override
  public void close() {
    if (control == null) {
      return;
    }
    MoreExecutors.shutdownAndAwaitTermination(control, Duration.ofSeconds(2));
  }
}
