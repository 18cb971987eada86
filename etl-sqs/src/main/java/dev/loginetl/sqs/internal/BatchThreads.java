package dev.loginetl.sqs.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads on which one source sends the chunks of its large batch requests, beyond the
 * caller's own; shared by every {@link ChunkedBatchSender} of that source.
 *
 * <p>Nothing queues up, waits for a thread or is dropped: when every thread is busy, or once this is
 * closed, {@link #submit} runs the task on the calling thread before it returns. Threads are
 * daemons named {@code loginetl-sqs-batch-N}, started on demand and ended after 30 s idle.
 *
 * <p>Thread-safe. {@link #close()} lets tasks already running finish, for at most the close wait,
 * then interrupts them and waits as long again; it is idempotent.
 */
public final class BatchThreads implements AutoCloseable {

  private static final AtomicInteger NUMBERS = new AtomicInteger();

  private final ThreadPoolExecutor pool;
  private final Duration closeWait;

  /**
   * @param threads the most threads, at least 1
   * @param closeWait how long {@link #close()} waits for tasks already running
   */
  public BatchThreads(int threads, Duration closeWait) {
    this.closeWait = requireNonNull(closeWait, "closeWait");
    this.pool = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        BatchThreads::newThread, (task, pool) -> task.run());
  }

  /**
   * Runs {@code task} on an idle or new thread, or on the calling thread when there is none; what it
   * throws is in the returned future either way.
   */
  <T> Future<T> submit(Callable<T> task) {
    return pool.submit(task);
  }

  @Override
  public void close() {
    // The close wait for running tasks, then an interrupt and as long again for them to end.
    MoreExecutors.shutdownAndAwaitTermination(pool, closeWait.multipliedBy(2));
  }

  private static Thread newThread(Runnable task) {
    Thread thread = new Thread(task, "loginetl-sqs-batch-" + NUMBERS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
