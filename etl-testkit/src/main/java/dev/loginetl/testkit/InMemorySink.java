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
import java.util.LinkedHashSet;
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
 * <p>A row stored under a key that is stored as a rejection marks it resolved ({@link
 * #resolvedRejections()}); a row refused again whose rejection is stored already is reported in both
 * {@link WriteResult#refused()} and {@link WriteResult#alreadyPresent()}, as {@link LoginSink} says.
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
  private final Set<String> resolved = new LinkedHashSet<>();
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
        if (faults.refuses().test(row) && rows.containsKey(row.messageId())) {
          present.add(row.messageId()); // stored before the store began to refuse it
        } else if (faults.refuses().test(row)) {
          Rejection rejection = new Rejection(row.messageId(), row.sqsMessageId(), RejectReason.REFUSED_BY_DATABASE,
              "the database refused the row", "{}");
          if (!store(rejections, rejection.messageId(), rejection)) {
            present.add(row.messageId());
          }
          refused.add(rejection);
        } else if (!store(rows, row.messageId(), row)) {
          present.add(row.messageId());
        } else if (rejections.containsKey(row.messageId())) {
          resolved.add(row.messageId());
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

  /** The keys of stored rejections that a row stored later resolved, in the order resolved. */
  public synchronized Set<String> resolvedRejections() {
    return new LinkedHashSet<>(resolved);
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
