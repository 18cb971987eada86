package dev.loginetl.testkit;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An in-memory {@link LoginSink} that keeps the port's contract and can inject faults at random:
 * retryable failures before the commit, retryable failures after it (the commit happened but the
 * caller cannot know), fatal failures, delays, and rows the "database" refuses.
 *
 * <p>Thread-safe. It counts how often each idempotency key (the {@code messageId} of rows and
 * rejections: a source event id, or an SQS message id) was stored, which must never exceed one.
 */
public final class InMemorySink implements LoginSink {

  /** Random faults; all probabilities in [0, 1]. */
  public record Faults(
      long seed,
      double retryableBeforeCommit,
      double retryableAfterCommit,
      double fatal,
      Duration maxDelay,
      Predicate<LoginRow> refuses) {
    public static Faults none() {
      return new Faults(0, 0, 0, 0, Duration.ZERO, row -> false);
    }
  }

  private final Faults faults;
  private final Random random;
  private final Map<String, LoginRow> rows = new LinkedHashMap<>();
  private final Map<String, Rejection> rejections = new LinkedHashMap<>();
  private final Map<String, Integer> timesStored = new LinkedHashMap<>();
  private long writes;

  public InMemorySink(Faults faults) {
    this.faults = faults;
    this.random = new Random(faults.seed());
  }

  public InMemorySink() {
    this(Faults.none());
  }

  @Override
  public WriteResult write(List<LoginRow> newRows, List<Rejection> newRejections) {
    sleepUpTo(faults.maxDelay());
    synchronized (this) {
      writes++;
      if (random.nextDouble() < faults.fatal()) {
        throw new EtlException("injected fatal failure");
      }
      if (random.nextDouble() < faults.retryableBeforeCommit()) {
        throw new RetryableEtlException("injected failure before commit");
      }
      Set<String> present = new HashSet<>();
      List<Rejection> refused = new ArrayList<>();
      for (LoginRow row : newRows) {
        if (faults.refuses().test(row)) {
          Rejection rejection = new Rejection(row.messageId(), row.sqsMessageId(), RejectReason.REFUSED_BY_DATABASE,
              "the database refused the row", "{}");
          if (store(rejections, rejection.messageId(), rejection)) {
            refused.add(rejection);
          } else {
            present.add(row.messageId());
          }
        } else if (!store(rows, row.messageId(), row)) {
          present.add(row.messageId());
        }
      }
      for (Rejection rejection : newRejections) {
        if (!store(rejections, rejection.messageId(), rejection)) {
          present.add(rejection.messageId());
        }
      }
      if (random.nextDouble() < faults.retryableAfterCommit()) {
        throw new RetryableEtlException("injected failure after commit");
      }
      return new WriteResult(present, refused);
    }
  }

  private <T> boolean store(Map<String, T> table, String messageId, T value) {
    if (table.containsKey(messageId)) {
      return false;
    }
    table.put(messageId, value);
    timesStored.merge(messageId, 1, Integer::sum);
    return true;
  }

  /** Whether the idempotency key is stored, as a row or a rejection. */
  public synchronized boolean isCommitted(String messageId) {
    return rows.containsKey(messageId) || rejections.containsKey(messageId);
  }

  public synchronized Map<String, LoginRow> rows() {
    return new LinkedHashMap<>(rows);
  }

  public synchronized Map<String, Rejection> rejections() {
    return new LinkedHashMap<>(rejections);
  }

  /** How many times each idempotency key was stored; a correct caller never sees more than one. */
  public synchronized Map<String, Integer> timesStored() {
    return new LinkedHashMap<>(timesStored);
  }

  public synchronized long writes() {
    return writes;
  }

  @Override
  public void close() {}

  private void sleepUpTo(Duration max) {
    if (max.isZero()) {
      return;
    }
    long nanos;
    synchronized (this) {
      nanos = (long) (random.nextDouble() * max.toNanos());
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
