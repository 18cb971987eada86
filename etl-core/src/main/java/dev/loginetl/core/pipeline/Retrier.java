package dev.loginetl.core.pipeline;

import dev.loginetl.core.EtlException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Retries a call while it fails with a retryable {@link EtlException}, with exponential backoff and
 * jitter, until it has been failing for longer than the outage limit. Not thread-safe: one per
 * thread.
 */
final class Retrier {
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final Duration outageLimit;
  private final RetryObserver observer;

  /**
   * Told when a call starts failing, each time it will be retried, and when it settles. For each
   * call, {@link #failing} and {@link #settled} come in pairs, so that an observer may count the
   * calls failing at once.
   */
  interface RetryObserver {
    /** The call failed for the first time with a retryable failure. */
    void failing(String operation);

    void retrying(String operation, EtlException cause, Duration delay);

    /** A call that had failed at least once succeeded ({@code succeeded}) or was given up. */
    void settled(String operation, boolean succeeded);
  }

  Retrier(Duration initialDelay, Duration maxDelay, Duration outageLimit, RetryObserver observer) {
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.outageLimit = outageLimit;
    this.observer = observer;
  }

  /**
   * Calls {@code call} until it succeeds, fails fatally, has been failing longer than the outage
   * limit, or {@code keepTrying} turns false.
   *
   * @throws EtlException the fatal failure, or a fatal one wrapping the last retryable failure
   * @throws InterruptedException when interrupted while waiting to retry
   */
  <T> T call(String operation, Supplier<T> call, BooleanSupplier keepTrying)
      throws InterruptedException {
    long firstFailure = 0;
    boolean failing = false;
    long delayNanos = initialDelay.toNanos();
    while (true) {
      try {
        T result = call.get();
        if (failing) {
          observer.settled(operation, true);
        }
        return result;
      } catch (EtlException e) {
        if (!e.isRetryable()) {
          giveUp(failing, operation);
          throw e;
        }
        long now = System.nanoTime();
        if (!failing) {
          failing = true;
          firstFailure = now;
          observer.failing(operation);
        }
        if (now - firstFailure > outageLimit.toNanos()) {
          giveUp(true, operation);
          throw new EtlException(
              "could not " + operation + " for longer than the outage limit of " + outageLimit
                  + "; last error: " + e.getMessage(),
              e);
        }
        if (!keepTrying.getAsBoolean()) {
          giveUp(true, operation);
          throw e;
        }
        long jittered = delayNanos / 2 + ThreadLocalRandom.current().nextLong(delayNanos / 2 + 1);
        observer.retrying(operation, e, Duration.ofNanos(jittered));
        try {
          TimeUnit.NANOSECONDS.sleep(jittered);
        } catch (InterruptedException interrupted) {
          giveUp(true, operation);
          throw interrupted;
        }
        delayNanos = Math.min(delayNanos * 2, maxDelay.toNanos());
      } catch (RuntimeException e) {
        giveUp(failing, operation);
        throw new EtlException("unexpected failure while trying to " + operation, e);
      }
    }
  }

  private void giveUp(boolean failing, String operation) {
    if (failing) {
      observer.settled(operation, false);
    }
  }
}
