package dev.loginetl.sqs.internal;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.RetryableEtlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;

/**
 * Runs one SQS batch call (at most 10 entries) and re-sends the entries that failed through no
 * fault of the sender, a few times with a short, jittered, doubling backoff. Entries that failed
 * by the sender's fault are not re-sent: sending them again would fail again.
 *
 * <p>Stateless and thread-safe.
 *
 * @param maxAttempts how many times an entry is sent at most, at least 1
 * @param firstBackoff the pause before the first re-send; each later pause doubles
 */
public record BatchRetry(int maxAttempts, Duration firstBackoff) {

  /** Four attempts over about a third of a second: enough for a blip, short enough for a batch. */
  public static final BatchRetry DEFAULT = new BatchRetry(4, Duration.ofMillis(25));

  public BatchRetry {
    requireNonNull(firstBackoff, "firstBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /**
   * What became of a batch's entries.
   *
   * @param succeeded how many entries succeeded, at whichever attempt
   * @param refused the entries that failed by the sender's fault, with the error of each
   * @param unresolved the entries still failing through no fault of the sender after the last
   *     attempt, with their last error
   * @param retries how many entry re-sends were made
   */
  public record Outcome<E>(
      int succeeded, List<Failed<E>> refused, List<Failed<E>> unresolved, int retries) {
    public Outcome {
      refused = List.copyOf(refused);
      unresolved = List.copyOf(unresolved);
    }
  }

  /** An entry and the error the server gave for it. */
  public record Failed<E>(E entry, BatchResultErrorEntry error) {}

  /**
   * Sends {@code entries} through {@code call}, which sends one batch and returns the server's
   * failed entries; the SDK exceptions it throws propagate untouched.
   *
   * @param entries at most 10 entries with ids distinct within the list
   * @param idOf the batch entry id of an entry
   * @throws RetryableEtlException when interrupted during a backoff, with the interrupt flag set
   */
  public <E> Outcome<E> run(
      List<E> entries, Function<E, String> idOf, Function<List<E>, List<BatchResultErrorEntry>> call) {
    Map<String, E> pending = new LinkedHashMap<>();
    for (E entry : entries) {
      if (pending.put(idOf.apply(entry), entry) != null) {
        throw new IllegalArgumentException("batch entry ids must be distinct");
      }
    }
    List<Failed<E>> refused = new ArrayList<>();
    List<Failed<E>> unresolved = new ArrayList<>();
    int succeeded = 0;
    int retries = 0;
    Duration backoff = firstBackoff;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      List<BatchResultErrorEntry> failed = call.apply(List.copyOf(pending.values()));
      Map<String, Failed<E>> retry = new LinkedHashMap<>();
      Map<String, Failed<E>> refusedNow = new LinkedHashMap<>();
      for (BatchResultErrorEntry error : failed) {
        E entry = pending.get(error.id());
        if (entry == null) {
          continue; // not an id of this attempt: nothing to do with it
        }
        if (Boolean.TRUE.equals(error.senderFault())) {
          refusedNow.putIfAbsent(error.id(), new Failed<>(entry, error));
        } else {
          retry.putIfAbsent(error.id(), new Failed<>(entry, error));
        }
      }
      retry.keySet().removeAll(refusedNow.keySet());
      refused.addAll(refusedNow.values());
      succeeded += pending.size() - retry.size() - refusedNow.size();
      if (retry.isEmpty()) {
        break;
      }
      if (attempt >= maxAttempts) {
        unresolved.addAll(retry.values());
        break;
      }
      Map<String, E> next = new LinkedHashMap<>();
      retry.forEach((id, f) -> next.put(id, f.entry()));
      pending = next;
      retries += pending.size();
      sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
    return new Outcome<>(succeeded, refused, unresolved, retries);
  }

  private static void sleep(Duration pause) {
    long millis = pause.toMillis();
    long jittered = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    try {
      Thread.sleep(jittered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableEtlException(
          "Interrupted while waiting to retry an SQS batch; some entries may not have been applied.", e);
    }
  }
}
