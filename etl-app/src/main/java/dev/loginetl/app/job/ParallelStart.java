package dev.loginetl.app.job;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Opens the queue side and the database side of a run at the same time: the queue's on a thread of
 * its own, the database's on the caller's. Each side waits on its own server (connections, TLS, the
 * first requests), so the start takes about the longer of the two instead of their sum.
 *
 * <p>Failures: when the database side fails, its exception is thrown at once, with the queue side's
 * own failure, if it already failed, added as suppressed; a queue side still opening is closed as
 * soon as it is open. When only the queue side fails, the database side is closed and the queue
 * side's exception is thrown. Nothing opened is left unclosed.
 */
final class ParallelStart {

  /**
   * Both sides, open.
   *
   * @param queueMillis how long the queue side took to open
   * @param databaseMillis how long the database side took to open
   */
  record Opened<Q, D>(Q queue, D database, long queueMillis, long databaseMillis) {}

  private ParallelStart() {}

  /**
   * Opens both; see the class comment for failures.
   *
   * @param <Q> the queue side
   * @param <D> the database side
   * @throws RuntimeException the database side's or the queue side's failure, unchanged
   */
  static <Q extends AutoCloseable, D extends AutoCloseable> Opened<Q, D> open(
      Supplier<Q> queueSide, Supplier<D> databaseSide) {
    requireNonNull(queueSide, "queueSide");
    requireNonNull(databaseSide, "databaseSide");
    long start = System.nanoTime();
    CompletableFuture<Timed<Q>> queue = new CompletableFuture<>();
    Thread opener = new Thread(() -> {
      try {
        Q opened = queueSide.get();
        queue.complete(new Timed<>(opened, millisSince(start)));
      } catch (Throwable e) {
        queue.completeExceptionally(e);
      }
    }, "loginetl-open-queue");
    opener.setDaemon(true);
    opener.start();

    D database;
    long databaseMillis;
    try {
      database = databaseSide.get();
      databaseMillis = millisSince(start);
    } catch (RuntimeException | Error e) {
      queue.whenComplete((opened, queueFailure) -> {
        if (opened != null) {
          closeQuietly(opened.value());
        }
      });
      if (queue.isCompletedExceptionally()) {
        e.addSuppressed(failureOf(queue));
      }
      throw e;
    }
    Timed<Q> opened;
    try {
      opened = queue.get();
    } catch (ExecutionException e) {
      closeQuietly(database);
      throw unchecked(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(database);
      queue.whenComplete((late, failure) -> {
        if (late != null) {
          closeQuietly(late.value());
        }
      });
      throw new IllegalStateException("interrupted while opening the queue", e);
    }
    return new Opened<>(opened.value(), database, opened.millis(), databaseMillis);
  }

  private record Timed<T>(T value, long millis) {}

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static Throwable failureOf(CompletableFuture<?> failed) {
    try {
      failed.join();
      return new IllegalStateException("not failed");
    } catch (CompletionException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  private static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(failure);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // Already failing, or never handed out: the first failure is the one to report.
    }
  }
}
