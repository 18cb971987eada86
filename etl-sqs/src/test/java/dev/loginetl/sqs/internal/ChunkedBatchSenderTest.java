package dev.loginetl.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Chunking, parallel sending and the sorting of failed entries. An entry is its own id; a batch
 * request is a function standing for one call, which answers with the entries that failed, as
 * BatchRetryTest does. ElasticMQ never fails an entry server-side, nor refuses one for a reason other
 * than a stale handle, so this is where those paths run; the real path is in SqsMessageSourceIT.
 */
class ChunkedBatchSenderTest {

  private static final BatchRetry RETRY = new BatchRetry(2, Duration.ofMillis(1));
  /** A safety net against a hang, not a timing: every wait below is released by the test itself. */
  private static final long HANG_SECONDS = 30;

  private BatchThreads threads = new BatchThreads(8, Duration.ofSeconds(10));
  private final List<StaleReport> staleReports = new CopyOnWriteArrayList<>();

  record StaleReport(int stale, int total, Set<String> codes) {}

  /** One batch request's entries and the thread that sent them. */
  record Call(List<String> entries, Thread thread) {}

  @AfterEach
  void closeThreads() {
    threads.close();
  }

  private ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender(
      Function<List<String>, List<BatchResultErrorEntry>> call) {
    return new ChunkedBatchSender<>(threads, RETRY, "logins", "http://127.0.0.1:9324",
        new ChunkedBatchSender.Operation<>("delete messages from", "delete", entry -> entry, call,
            failed -> failed,
            (stale, total, codes) -> staleReports.add(new StaleReport(stale, total, Set.copyOf(codes)))));
  }

  /** Records every call; fails the entries in {@code failures} with the error given there. */
  private static Function<List<String>, List<BatchResultErrorEntry>> recording(
      List<Call> calls, Map<String, BatchResultErrorEntry> failures) {
    return chunk -> {
      calls.add(new Call(chunk, Thread.currentThread()));
      return chunk.stream().filter(failures::containsKey).map(failures::get).toList();
    };
  }

  /** Throws {@code failure} for the chunk that holds {@code entry}, and hands the others to {@code call}. */
  private static Function<List<String>, List<BatchResultErrorEntry>> throwingFor(
      String entry, RuntimeException failure, Function<List<String>, List<BatchResultErrorEntry>> call) {
    return chunk -> {
      if (chunk.contains(entry)) {
        throw failure;
      }
      return call.apply(chunk);
    };
  }

  private static List<String> entries(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  private static BatchResultErrorEntry refused(String id, String code) {
    return BatchResultErrorEntry.builder().id(id).senderFault(true).code(code).build();
  }

  private static BatchResultErrorEntry serverFault(String id) {
    return BatchResultErrorEntry.builder().id(id).senderFault(false).code("InternalError").build();
  }

  private static boolean awaitRelease(CountDownLatch latch) {
    try {
      return latch.await(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void sendsEveryEntryInChunksOfTenTheFirstOnTheCallingThread() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(recording(calls, Map.of()));
    List<String> entries = entries("e", 25);

    sender.send(entries);

    assertThat(calls).extracting(Call::entries).containsExactlyInAnyOrder(
        entries.subList(0, 10), entries.subList(10, 20), entries.subList(20, 25));
    assertThat(calls).filteredOn(c -> c.entries().contains("e0"))
        .extracting(Call::thread).containsExactly(Thread.currentThread());
    assertThat(sender.succeeded()).isEqualTo(25);
    assertThat(sender.stale()).isZero();
    assertThat(sender.retries()).isZero();
    assertThat(staleReports).isEmpty();
  }

  @Test
  void sendsNothingForNoEntries() {
    List<Call> calls = new CopyOnWriteArrayList<>();

    sender(recording(calls, Map.of())).send(List.of());

    assertThat(calls).isEmpty();
  }

  @Test
  void sendsAChunkOnTheCallingThreadWhenEveryBatchThreadIsBusy() {
    threads = new BatchThreads(1, Duration.ofSeconds(10));
    CountDownLatch firstChunkSent = new CountDownLatch(1);
    List<Call> calls = new CopyOnWriteArrayList<>();
    Function<List<String>, List<BatchResultErrorEntry>> record = recording(calls, Map.of());
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(chunk -> {
      if (chunk.contains("e10") && !awaitRelease(firstChunkSent)) {
        throw new IllegalStateException("the first chunk was never sent");
      }
      List<BatchResultErrorEntry> failed = record.apply(chunk);
      if (chunk.contains("e0")) {
        firstChunkSent.countDown();
      }
      return failed;
    });

    // The second chunk holds the only batch thread until the first, sent last, has gone.
    sender.send(entries("e", 30));

    assertThat(calls).extracting(c -> c.entries().get(0))
        .containsExactlyInAnyOrder("e0", "e10", "e20");
    assertThat(calls).filteredOn(c -> c.entries().contains("e10")).singleElement()
        .satisfies(c -> assertThat(c.thread().getName()).startsWith("loginetl-sqs-batch-"));
    assertThat(calls).filteredOn(c -> c.entries().contains("e20"))
        .extracting(Call::thread).containsExactly(Thread.currentThread());
    assertThat(sender.succeeded()).isEqualTo(30);
  }

  @Test
  void countsAndReportsEntriesWithStaleReceiptHandlesWithoutFailing() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(recording(calls, Map.of(
        "e3", refused("e3", "ReceiptHandleIsInvalid"),
        "e11", refused("e11", "AWS.SimpleQueueService.MessageNotInflight"))));

    sender.send(entries("e", 12));

    assertThat(calls).hasSize(2); // stale entries are never re-sent
    assertThat(sender.succeeded()).isEqualTo(10);
    assertThat(sender.stale()).isEqualTo(2);
    assertThat(staleReports).containsExactly(new StaleReport(2, 12,
        Set.of("ReceiptHandleIsInvalid", "AWS.SimpleQueueService.MessageNotInflight")));
  }

  @Test
  void failsForGoodWhenEntriesAreRefusedForAnotherReasonAfterCountingTheRest() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    List<String> entries = entries("handle-203.0.113.77-", 12);
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(recording(calls, Map.of(
        entries.get(0), refused(entries.get(0), "ReceiptHandleIsInvalid"),
        entries.get(11), refused(entries.get(11), "InvalidBatchEntryId"))));

    Throwable thrown = catchThrowable(() -> sender.send(entries));

    assertThat(thrown).isExactlyInstanceOf(EtlException.class)
        .hasMessageContaining("SQS refused to delete 1 of 12 messages on queue 'logins'")
        .hasMessageContaining("InvalidBatchEntryId")
        .hasMessageNotContaining("203.0.113.77");
    assertThat(sender.succeeded()).isEqualTo(10);
    assertThat(sender.stale()).isEqualTo(1);
    assertThat(staleReports).containsExactly(new StaleReport(1, 12, Set.of("ReceiptHandleIsInvalid")));
  }

  @Test
  void failsRetryablyWhenEntriesStillFailServerSideAfterTheResends() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender =
        sender(recording(calls, Map.of("e4", serverFault("e4"))));

    Throwable thrown = catchThrowable(() -> sender.send(entries("e", 12)));

    assertThat(thrown).isInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("SQS failed to delete 1 of 12 messages on queue 'logins'")
        .hasMessageContaining("InternalError");
    assertThat(calls).extracting(Call::entries).contains(List.of("e4")); // re-sent alone
    assertThat(sender.succeeded()).isEqualTo(11);
    assertThat(sender.retries()).isEqualTo(1);
  }

  @Test
  void translatesAFailedRequestAndStillCountsTheOtherChunks() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(throwingFor("e10",
        SqsException.builder().statusCode(503).message("server text 203.0.113.77").build(),
        recording(calls, Map.of())));

    Throwable thrown = catchThrowable(() -> sender.send(entries("e", 25)));

    assertThat(thrown).isInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("delete messages from queue 'logins'")
        .hasMessageNotContaining("203.0.113.77");
    assertThat(sender.succeeded()).isEqualTo(15);
  }

  @Test
  void rethrowsAnErrorFromABatchThreadAsItIs() {
    Error error = new StackOverflowError();
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(chunk -> {
      if (chunk.contains("e10")) {
        throw error;
      }
      return List.of();
    });

    assertThat(catchThrowable(() -> sender.send(entries("e", 25)))).isSameAs(error);
  }

  @Test
  void waitsForEveryChunkWhenInterruptedAndKeepsTheInterrupt() {
    CountDownLatch interrupted = new CountDownLatch(1);
    List<Call> calls = new CopyOnWriteArrayList<>();
    Function<List<String>, List<BatchResultErrorEntry>> record = recording(calls, Map.of());
    Thread caller = Thread.currentThread();
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(chunk -> {
      if (chunk.contains("e0")) {
        caller.interrupt();
        interrupted.countDown();
      } else if (!awaitRelease(interrupted)) {
        throw new IllegalStateException("the calling thread was never interrupted");
      }
      return record.apply(chunk);
    });

    try {
      sender.send(entries("e", 25));

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(calls).hasSize(3);
    assertThat(sender.succeeded()).isEqualTo(25);
  }

  @Test
  void throwsTheCallingThreadsFailureAfterCountingTheOtherChunks() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    ChunkedBatchSender<String, List<BatchResultErrorEntry>> sender = sender(throwingFor("e0",
        new IllegalStateException("first chunk"), recording(calls, Map.of())));

    Throwable thrown = catchThrowable(() -> sender.send(entries("e", 25)));

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("first chunk");
    assertThat(calls).hasSize(2);
    assertThat(sender.succeeded()).isEqualTo(15);
  }

  @Test
  void sendsOnTheCallingThreadOnceTheThreadsAreClosed() {
    threads.close();
    List<Call> calls = new CopyOnWriteArrayList<>();

    sender(recording(calls, Map.of())).send(entries("e", 25));

    assertThat(calls).extracting(Call::thread).containsOnly(Thread.currentThread()).hasSize(3);
  }
}
