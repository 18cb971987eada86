package dev.loginetl.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.RetryableEtlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;

/**
 * The re-send rules for batch entries. ElasticMQ never fails an entry server-side, so this is the
 * one place that path is exercised; the call is a function standing for one batch request.
 */
class BatchRetryTest {

  private static final BatchRetry RETRY = new BatchRetry(3, Duration.ofMillis(1));

  private static BatchResultErrorEntry serverFault(String id) {
    return BatchResultErrorEntry.builder().id(id).senderFault(false).code("InternalError").build();
  }

  private static BatchResultErrorEntry senderFault(String id) {
    return BatchResultErrorEntry.builder().id(id).senderFault(true).code("ReceiptHandleIsInvalid").build();
  }

  /** Records every attempt's ids; fails the ids in {@code failing} for the first attempts. */
  private static final class Batch implements Function<List<String>, List<BatchResultErrorEntry>> {
    final List<List<String>> attempts = new ArrayList<>();
    final Function<Integer, List<BatchResultErrorEntry>> failuresOfAttempt;

    Batch(Function<Integer, List<BatchResultErrorEntry>> failuresOfAttempt) {
      this.failuresOfAttempt = failuresOfAttempt;
    }

    @Override
    public List<BatchResultErrorEntry> apply(List<String> ids) {
      attempts.add(ids);
      return failuresOfAttempt.apply(attempts.size()).stream()
          .filter(f -> ids.contains(f.id())).toList();
    }
  }

  @Test
  void resendsOnlyTheEntriesThatFailedServerSideUntilTheySucceed() {
    Batch batch = new Batch(attempt -> attempt == 1 ? List.of(serverFault("b"), serverFault("c"))
        : attempt == 2 ? List.of(serverFault("c")) : List.of());

    BatchRetry.Outcome<String> outcome = RETRY.run(List.of("a", "b", "c"), id -> id, batch);

    assertThat(batch.attempts).containsExactly(List.of("a", "b", "c"), List.of("b", "c"), List.of("c"));
    assertThat(outcome.succeeded()).isEqualTo(3);
    assertThat(outcome.retries()).isEqualTo(3);
    assertThat(outcome.refused()).isEmpty();
    assertThat(outcome.unresolved()).isEmpty();
  }

  @Test
  void neverResendsEntriesRefusedAsTheSendersFault() {
    Batch batch = new Batch(attempt -> List.of(senderFault("a"), serverFault("b")));

    BatchRetry.Outcome<String> outcome = RETRY.run(List.of("a", "b", "c"), id -> id, batch);

    assertThat(batch.attempts).containsExactly(
        List.of("a", "b", "c"), List.of("b"), List.of("b"));
    assertThat(outcome.refused()).extracting(BatchRetry.Failed::entry).containsExactly("a");
    assertThat(outcome.succeeded()).isEqualTo(1);
  }

  @Test
  void reportsEntriesStillFailingAfterTheLastAttempt() {
    Batch batch = new Batch(attempt -> List.of(serverFault("b")));

    BatchRetry.Outcome<String> outcome = RETRY.run(List.of("a", "b"), id -> id, batch);

    assertThat(batch.attempts).hasSize(3);
    assertThat(outcome.succeeded()).isEqualTo(1);
    assertThat(outcome.unresolved()).extracting(BatchRetry.Failed::entry).containsExactly("b");
    assertThat(outcome.unresolved().get(0).error().code()).isEqualTo("InternalError");
  }

  @Test
  void ignoresFailuresNamingIdsItDidNotSend() {
    List<List<String>> attempts = new ArrayList<>();
    Function<List<String>, List<BatchResultErrorEntry>> strange = ids -> {
      attempts.add(ids);
      return List.of(serverFault("zz"), senderFault("yy"));
    };

    BatchRetry.Outcome<String> outcome = RETRY.run(List.of("a"), id -> id, strange);

    assertThat(attempts).hasSize(1);
    assertThat(outcome.succeeded()).isEqualTo(1);
    assertThat(outcome.refused()).isEmpty();
    assertThat(outcome.unresolved()).isEmpty();
  }

  @Test
  void rejectsDuplicateEntryIds() {
    assertThatThrownBy(() -> RETRY.run(List.of("a", "a"), id -> id, ids -> List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restoresTheInterruptFlagWhenInterruptedDuringABackoff() {
    BatchRetry slow = new BatchRetry(2, Duration.ofSeconds(30));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> slow.run(List.of("a"), id -> id, ids -> List.of(serverFault("a"))))
          .isInstanceOf(RetryableEtlException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
