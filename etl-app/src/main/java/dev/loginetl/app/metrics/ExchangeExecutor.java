package dev.loginetl.app.metrics;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor of the metrics server's exchanges: a bounded pool of threads, each exchange given a
 * deadline.
 *
 * <p>The JDK's HTTP server reads a request on the executor's thread, with blocking reads of the
 * connection's {@link java.nio.channels.SocketChannel}, and writes the response there too. An
 * exchange still running at its deadline has its thread interrupted, which closes that channel
 * ({@link java.nio.channels.InterruptibleChannel}) and ends the exchange with an I/O error: a client
 * that sends half a request and stops, or stops reading the response, holds a thread for the
 * deadline at most. A connection that has sent nothing holds no thread: the server's own dispatcher
 * waits for it. When every thread is busy, the pool refuses the exchange and the server closes that
 * connection at once, instead of queueing it behind the busy ones.
 *
 * <p>Thread-safe. {@link #close()} stops the threads (interrupting what runs); idempotent.
 */
final class ExchangeExecutor implements Executor, AutoCloseable {
  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor alarms;
  private final long deadlineNanos;

  /**
   * @param threads the most exchanges served at once
   * @param deadline how long one exchange may take, request and response included
   */
  ExchangeExecutor(int threads, Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
    this.pool = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        new ThreadFactoryBuilder().setNameFormat("loginetl-metrics-%d").setDaemon(true).build());
    this.alarms = new ScheduledThreadPoolExecutor(1,
        new ThreadFactoryBuilder().setNameFormat("loginetl-metrics-deadline").setDaemon(true).build());
    alarms.setRemoveOnCancelPolicy(true);
  }

  /**
   * Runs {@code exchange} on a thread of the pool, under the deadline.
   *
   * @throws java.util.concurrent.RejectedExecutionException when every thread is busy, or after
   *     {@link #close()}; the server then closes the connection
   */
  @Override
  public void execute(Runnable exchange) {
    pool.execute(() -> {
      Running running = new Running(Thread.currentThread());
      var alarm = alarms.schedule(running::expire, deadlineNanos, TimeUnit.NANOSECONDS);
      try {
        exchange.run();
      } finally {
        alarm.cancel(false);
        running.finish();
      }
    });
  }

  /** One exchange on its thread: interrupted at its deadline only while it still runs. */
  private static final class Running {
    private final Thread thread;
    private boolean finished;

    Running(Thread thread) {
      this.thread = thread;
    }

    synchronized void expire() {
      if (!finished) {
        thread.interrupt();
      }
    }

    /** On the exchange's own thread: after this, the deadline can no longer interrupt it. */
    synchronized void finish() {
      finished = true;
      // An interrupt that came after the exchange ended its I/O belongs to no later exchange.
      Thread.interrupted();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    alarms.shutdownNow();
  }
}
