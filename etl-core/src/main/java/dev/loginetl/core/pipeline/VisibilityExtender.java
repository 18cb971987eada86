package dev.loginetl.core.pipeline;

import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.model.ReceivedMessage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps the messages a pipeline holds hidden on the source: every tenth of the visibility timeout it
 * extends those hidden for half of it or longer. Thread-safe: any thread tracks and releases works;
 * one thread of its own extends them from {@link #start()} until {@link #close()}, which is
 * idempotent.
 */
final class VisibilityExtender implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(VisibilityExtender.class.getName());

  private final MessageSource source;
  private final PipelineListener listener;
  private final BooleanSupplier healthy;
  private final Set<Work> inWork = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService executor;

  /**
   * @param healthy false once the pipeline has failed: what failed will not be committed, so the
   *     queue may have it back
   */
  VisibilityExtender(MessageSource source, PipelineListener listener, BooleanSupplier healthy, ThreadFactory threads) {
    this.source = source;
    this.listener = listener;
    this.healthy = healthy;
    this.executor = Executors.newSingleThreadScheduledExecutor(threads);
  }

  void start() {
    long period = Math.max(50, source.visibilityTimeout().toMillis() / 10);
    executor.scheduleWithFixedDelay(this::extendDueMessages, period, period, TimeUnit.MILLISECONDS);
  }

  /** Keeps {@code work} hidden until it is released. */
  void track(Work work) {
    inWork.add(work);
  }

  /** Stops extending these works: they are acknowledged. */
  void release(Collection<Work> works) {
    for (Work work : works) {
      inWork.remove(work);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private void extendDueMessages() {
    if (!healthy.getAsBoolean()) {
      return;
    }
    long now = System.nanoTime();
    long half = source.visibilityTimeout().toNanos() / 2;
    List<Work> due = new ArrayList<>();
    for (Work work : inWork) {
      if (now - work.lastHiddenNanos >= half) {
        due.add(work);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    List<ReceivedMessage> messages = new ArrayList<>(due.size());
    for (Work work : due) {
      messages.add(work.message);
    }
    try {
      source.extendVisibility(messages);
      for (Work work : due) {
        work.lastHiddenNanos = now;
      }
      listener.extended(messages.size());
    } catch (RuntimeException e) {
      // Safe to skip: a message that reappears is recognised by the sink as a duplicate.
      LOG.log(Level.WARNING, "could not extend the visibility of {0} messages: {1}", messages.size(), e.getMessage());
    }
  }
}
