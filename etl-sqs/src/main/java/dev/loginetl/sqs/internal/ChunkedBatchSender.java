package dev.loginetl.sqs.internal;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;

/**
 * Sends the entries of one kind of receipt-handle batch request ({@code DeleteMessageBatch}, {@code
 * ChangeMessageVisibilityBatch}) on one queue: in chunks of 10, the first chunk on the calling thread
 * and the others in parallel on the source's {@link BatchThreads}; each chunk through {@link
 * BatchRetry}, so entries failing server-side are re-sent a few times.
 *
 * <p>Entries that still fail are sorted: refused because their receipt handle is no longer current
 * ({@link SqsErrors#isStaleReceiptHandle}) is not an error, it is counted and reported to {@link
 * Operation#onStale()}; refused for another reason is an {@link EtlException}; still failing
 * server-side after the re-sends is a {@link RetryableEtlException}. Messages name counts and
 * error codes, never an entry's content.
 *
 * <p>Thread-safe: any number of calls may run at once. It holds no resource of its own; the
 * threads belong to the {@link BatchThreads} given, whose owner closes them.
 *
 * @param <E> the SDK's batch request entry type
 * @param <R> the SDK's batch response type
 */
public final class ChunkedBatchSender<E, R> {

  /** SQS's limit on the entries of one batch request. */
  static final int MAX_CHUNK = 10;

  /**
   * What one kind of batch request is and how to send it.
   *
   * @param operation a verb phrase that the queue follows, for messages about the whole request,
   *     such as {@code "delete messages from"}
   * @param verb a verb phrase that a count of messages follows, for messages about some of its
   *     entries, such as {@code "delete"} ("SQS refused to delete 2 of 30 messages")
   * @param idOf an entry's batch entry id; the ids of one {@link #send} call must be distinct
   * @param send sends one request of at most 10 entries; the SDK exceptions it throws are
   *     translated by {@link SqsErrors}
   * @param failuresOf the entries that a response says failed
   * @param onStale told, on the calling thread, how many entries of a call named deliveries that
   *     are no longer current, when there were any, before the other failures are thrown
   */
  public record Operation<E, R>(
      String operation,
      String verb,
      Function<E, String> idOf,
      Function<List<E>, R> send,
      Function<R, List<BatchResultErrorEntry>> failuresOf,
      StaleEntries onStale) {
    public Operation {
      requireNonNull(operation, "operation");
      requireNonNull(verb, "verb");
      requireNonNull(idOf, "idOf");
      requireNonNull(send, "send");
      requireNonNull(failuresOf, "failuresOf");
      requireNonNull(onStale, "onStale");
    }
  }

  /** Hears of entries refused because their receipt handle was no longer current. */
  @FunctionalInterface
  public interface StaleEntries {
    /**
     * @param stale how many entries of the call were refused so, at least 1
     * @param total how many entries the call had
     * @param codes the error codes they were refused with, sorted
     */
    void report(int stale, int total, Set<String> codes);
  }

  private final BatchThreads threads;
  private final BatchRetry retry;
  private final String queue;
  private final String endpoint;
  private final Operation<E, R> operation;

  private final LongAdder succeeded = new LongAdder();
  private final LongAdder stale = new LongAdder();
  private final LongAdder retries = new LongAdder();

  /**
   * @param threads where chunks beyond the first are sent
   * @param retry how entries failing server-side are re-sent
   * @param queue the queue's name, for messages
   * @param endpoint where the requests go, for messages
   * @param operation the kind of request
   */
  public ChunkedBatchSender(BatchThreads threads, BatchRetry retry, String queue, String endpoint,
      Operation<E, R> operation) {
    this.threads = requireNonNull(threads, "threads");
    this.retry = requireNonNull(retry, "retry");
    this.queue = requireNonNull(queue, "queue");
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.operation = requireNonNull(operation, "operation");
  }

  /**
   * Sends every entry, and returns once every chunk's outcome is known, even when interrupted (the
   * interrupt flag is then set again): the requests are on their way, bounded by the client's
   * timeouts. An empty list sends nothing.
   *
   * @param entries the entries, with ids distinct within the list
   * @throws RetryableEtlException when a request failed in a way a retry may help, or entries still
   *     failed server-side after the re-sends; repeating the call is safe
   * @throws EtlException when a request, or some entries, were refused for a reason other than a
   *     receipt handle that is no longer current
   */
  public void send(List<E> entries) {
    requireNonNull(entries, "entries");
    if (entries.isEmpty()) {
      return;
    }
    Failures failures = new Failures();
    RuntimeException error = inParallel(chunks(entries), outcome -> {
      succeeded.add(outcome.succeeded());
      retries.add(outcome.retries());
      failures.add(outcome.refused(), outcome.unresolved());
    });
    if (error != null) {
      throw error;
    }
    stale.add(failures.stale);
    if (failures.stale > 0) {
      operation.onStale().report(failures.stale, entries.size(),
          Collections.unmodifiableSet(failures.staleCodes.keySet()));
    }
    failures.throwIfAny(operation.verb(), entries.size(), queue);
  }

  /** How many entries succeeded, over every call. */
  public long succeeded() {
    return succeeded.sum();
  }

  /** How many entries were refused because their receipt handle was no longer current. */
  public long stale() {
    return stale.sum();
  }

  /** How many entry re-sends were made after server-side failures. */
  public long retries() {
    return retries.sum();
  }

  /**
   * Sends chunks in parallel, the first on the calling thread and the others on the batch threads
   * (or the calling thread too, when those are all busy): one after another, a batch of 500 waits
   * for 50 round trips. Every chunk's outcome is handed to {@code record}, on the calling thread,
   * before this returns; the first failure is returned, not thrown, so that the outcomes of the
   * other chunks are counted first. An {@link Error} from another thread is rethrown as is.
   */
  private RuntimeException inParallel(List<List<E>> chunks, Consumer<BatchRetry.Outcome<E>> record) {
    List<Future<BatchRetry.Outcome<E>>> others = new ArrayList<>(chunks.size());
    for (int i = 1; i < chunks.size(); i++) {
      List<E> chunk = chunks.get(i);
      others.add(threads.submit(() -> sendChunk(chunk)));
    }
    RuntimeException firstError = null;
    try {
      record.accept(sendChunk(chunks.get(0)));
    } catch (RuntimeException e) {
      firstError = e;
    }
    boolean interrupted = false;
    for (Future<BatchRetry.Outcome<E>> other : others) {
      try {
        record.accept(awaitUninterruptibly(other));
      } catch (ExecutionException e) {
        if (firstError == null) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          firstError = e.getCause() instanceof RuntimeException runtime
              ? runtime
              : new EtlException("The SQS request to " + operation.operation() + " queue '" + queue
                  + "' failed unexpectedly.", e.getCause());
        }
      }
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return firstError;
  }

  /** Sends one chunk of at most 10; SDK exceptions come out translated. */
  private BatchRetry.Outcome<E> sendChunk(List<E> chunk) {
    try {
      return retry.run(chunk, operation.idOf(),
          sent -> operation.failuresOf().apply(operation.send().apply(sent)));
    } catch (SdkException e) {
      throw SqsErrors.translate(e, operation.operation(), queue, endpoint);
    }
  }

  /**
   * Waits for a chunk sent in parallel. An interrupt is remembered, not obeyed: the requests are on
   * their way and their outcome must be known; they are bounded by the client's timeouts.
   */
  private static <T> T awaitUninterruptibly(Future<T> future) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <E> List<List<E>> chunks(List<E> entries) {
    List<List<E>> chunks = new ArrayList<>((entries.size() + MAX_CHUNK - 1) / MAX_CHUNK);
    for (int from = 0; from < entries.size(); from += MAX_CHUNK) {
      chunks.add(entries.subList(from, Math.min(entries.size(), from + MAX_CHUNK)));
    }
    return chunks;
  }

  /** The entries of one call that did not succeed, by kind and error code. */
  private static final class Failures {
    int stale;
    final Map<String, Integer> staleCodes = new TreeMap<>();
    final Map<String, Integer> refusedCodes = new TreeMap<>();
    final Map<String, Integer> unresolvedCodes = new TreeMap<>();
    int refused;
    int unresolved;

    void add(List<? extends BatchRetry.Failed<?>> refusedEntries,
        List<? extends BatchRetry.Failed<?>> unresolvedEntries) {
      for (BatchRetry.Failed<?> f : refusedEntries) {
        String code = SqsErrors.codeOf(f.error());
        if (SqsErrors.isStaleReceiptHandle(code)) {
          stale++;
          staleCodes.merge(code, 1, Integer::sum);
        } else {
          refused++;
          refusedCodes.merge(code, 1, Integer::sum);
        }
      }
      for (BatchRetry.Failed<?> f : unresolvedEntries) {
        unresolved++;
        unresolvedCodes.merge(SqsErrors.codeOf(f.error()), 1, Integer::sum);
      }
    }

    void throwIfAny(String verb, int total, String queue) {
      if (refused > 0) {
        throw new EtlException("SQS refused to " + verb + " " + refused + " of " + total
            + " messages on queue '" + queue + "' " + refusedCodes
            + "; repeating the call cannot help.");
      }
      if (unresolved > 0) {
        throw new RetryableEtlException("SQS failed to " + verb + " " + unresolved + " of " + total
            + " messages on queue '" + queue + "' " + unresolvedCodes
            + " after retries; repeating the call is safe.");
      }
    }
  }
}
