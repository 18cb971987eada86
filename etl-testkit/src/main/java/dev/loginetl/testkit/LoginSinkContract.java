package dev.loginetl.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.WriteResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LoginSink} must do, as tests. An adapter's test class implements this interface
 * and its hooks; the default methods are its tests.
 */
public interface LoginSinkContract {

  /** A sink over a new, empty store. */
  LoginSink newSink();

  /** The rows the store behind the sink {@link #newSink} made last holds, by message id. */
  Map<String, LoginRow> storedRows();

  /** The rejections that store holds, by message id. */
  Map<String, Rejection> storedRejections();

  /** The message ids of the rejections that store holds marked resolved. */
  Set<String> resolvedRejections();

  @Test
  default void aRowStoredUnderARejectedKeyResolvesThatRejectionAndKeepsIt() {
    try (LoginSink sink = newSink()) {
      sink.write(List.of(), List.of(rejection("replayed"), rejection("still-open")));

      WriteResult replay = sink.write(List.of(row("replayed"), row("new")), List.of());

      assertThat(replay.alreadyPresent()).isEmpty();
      assertThat(storedRows()).containsOnlyKeys("replayed", "new");
      assertThat(storedRejections()).as("kept, not deleted").containsOnlyKeys("replayed", "still-open");
      assertThat(resolvedRejections()).containsExactly("replayed");
    }
  }

  @Test
  default void aRowGivenTwiceInOneWriteStillResolvesItsRejection() {
    try (LoginSink sink = newSink()) {
      sink.write(List.of(), List.of(rejection("replayed")));

      WriteResult replay = sink.write(List.of(row("replayed"), row("replayed")), List.of());

      assertThat(replay.alreadyPresent()).containsExactly("replayed");
      assertThat(resolvedRejections()).containsExactly("replayed");
    }
  }

  @Test
  default void aRejectionWrittenBesideARowOfItsKeyIsStoredOpen() {
    // Rows are stored first and resolve only the rejections stored before the write.
    try (LoginSink sink = newSink()) {
      WriteResult result = sink.write(List.of(row("both")), List.of(rejection("both")));

      assertThat(result.alreadyPresent()).isEmpty();
      assertThat(storedRows()).containsOnlyKeys("both");
      assertThat(storedRejections()).containsOnlyKeys("both");
      assertThat(resolvedRejections()).isEmpty();
    }
  }

  @Test
  default void storesRowsAndRejectionsAsGiven() {
    try (LoginSink sink = newSink()) {
      List<LoginRow> rows = List.of(row("m1"), row("m2"), row("m3"));
      List<Rejection> rejections = List.of(rejection("r1"), rejection("r2"));

      WriteResult result = sink.write(rows, rejections);

      assertThat(result.alreadyPresent()).isEmpty();
      assertThat(result.refused()).isEmpty();
      assertThat(storedRows()).containsOnlyKeys("m1", "m2", "m3");
      assertThat(storedRows().get("m2")).isEqualTo(rows.get(1));
      assertThat(storedRejections()).containsOnlyKeys("r1", "r2");
      assertThat(storedRejections().get("r1")).isEqualTo(rejections.get(0));
    }
  }

  @Test
  default void keepsTheSqsMessageIdBesideTheIdempotencyKey() {
    try (LoginSink sink = newSink()) {
      // An enveloped login: keyed by its event id, carried by an SQS message of another id.
      LoginRow row = new LoginRow("sns-event-1", "sqs-message-1", "user-1", "ios", null, null, "PT", null, null,
          LocalDate.of(2026, 11, 20));
      Rejection rejection = new Rejection("sns-event-2", "sqs-message-2", RejectReason.ENVELOPE_MESSAGE_NOT_JSON,
          "the SNS Message is not valid JSON (line 1, column 1)", "{}");

      sink.write(List.of(row), List.of(rejection));
      WriteResult duplicate = sink.write(
          List.of(new LoginRow("sns-event-1", "sqs-message-3", "user-1", "ios", null, null, "PT", null, null,
              LocalDate.of(2026, 11, 20))),
          List.of(new Rejection("sns-event-2", "sqs-message-4", RejectReason.ENVELOPE_MESSAGE_NOT_JSON,
              "the SNS Message is not valid JSON (line 1, column 1)", "{}")));

      assertThat(storedRows()).containsExactly(Map.entry("sns-event-1", row));
      assertThat(storedRejections()).containsExactly(Map.entry("sns-event-2", rejection));
      assertThat(duplicate.alreadyPresent()).containsExactlyInAnyOrder("sns-event-1", "sns-event-2");
    }
  }

  @Test
  default void keepsNullsAsNulls() {
    try (LoginSink sink = newSink()) {
      LoginRow sparse =
          new LoginRow("sparse", "user-1", null, null, null, null, null, null, LocalDate.of(2024, 2, 29));

      sink.write(List.of(sparse), List.of());

      assertThat(storedRows().get("sparse")).isEqualTo(sparse);
    }
  }

  @Test
  default void storesValuesExactlyAtTheirColumnLimits() {
    try (LoginSink sink = newSink()) {
      LoginRow wide =
          new LoginRow(
              "wide",
              "\ud83d\ude00".repeat(128),
              "d".repeat(32),
              "m".repeat(256),
              "\u00e9".repeat(256),
              "\u4e2d".repeat(32),
              Integer.MAX_VALUE,
              "v".repeat(64),
              LocalDate.of(1999, 12, 31));

      sink.write(List.of(wide), List.of());

      assertThat(storedRows().get("wide")).isEqualTo(wide);
    }
  }

  @Test
  default void reportsAReplayedBatchAsAlreadyPresentAndStoresNothingNew() {
    try (LoginSink sink = newSink()) {
      List<LoginRow> rows = List.of(row("a"), row("b"));
      List<Rejection> rejections = List.of(rejection("c"));
      sink.write(rows, rejections);

      WriteResult replay = sink.write(rows, rejections);

      assertThat(replay.alreadyPresent()).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(storedRows()).hasSize(2);
      assertThat(storedRejections()).hasSize(1);
    }
  }

  @Test
  default void storesAMessageOnceEvenWhenABatchHoldsItTwice() {
    try (LoginSink sink = newSink()) {
      WriteResult result =
          sink.write(List.of(row("twice"), row("twice"), row("once")), List.of(rejection("rr"), rejection("rr")));

      assertThat(storedRows()).containsOnlyKeys("twice", "once");
      assertThat(storedRejections()).containsOnlyKeys("rr");
      assertThat(result.alreadyPresent()).containsExactlyInAnyOrder("twice", "rr");
    }
  }

  @Test
  default void aNewMessageBesideReplayedOnesIsStored() {
    try (LoginSink sink = newSink()) {
      sink.write(List.of(row("old")), List.of());

      WriteResult result = sink.write(List.of(row("old"), row("new")), List.of());

      assertThat(result.alreadyPresent()).containsExactly("old");
      assertThat(storedRows()).containsOnlyKeys("old", "new");
    }
  }

  @Test
  default void concurrentWritesOfTheSameMessagesStoreEachOnce() {
    try (LoginSink sink = newSink()) {
      List<LoginRow> rows = IntStream.range(0, 200).mapToObj(i -> row("c" + i)).toList();
      List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
      for (int writer = 0; writer < 4; writer++) {
        writes.add(CompletableFuture.supplyAsync(() -> sink.write(rows, List.of())));
      }

      int reportedPresent = writes.stream().mapToInt(w -> w.join().alreadyPresent().size()).sum();

      assertThat(storedRows()).hasSize(200);
      assertThat(reportedPresent).isEqualTo(3 * 200);
    }
  }

  @Test
  default void anEmptyWriteIsHarmless() {
    try (LoginSink sink = newSink()) {
      assertThat(sink.write(List.of(), List.of())).isEqualTo(WriteResult.clean());
      assertThat(storedRows()).isEmpty();
    }
  }

  @Test
  default void closeIsIdempotent() {
    LoginSink sink = newSink();
    sink.close();
    assertThatCode(sink::close).doesNotThrowAnyException();
  }

  private static LoginRow row(String messageId) {
    return new LoginRow(
        messageId,
        "user-" + messageId,
        "android",
        "h1:0011aabb:mask-ip-" + messageId,
        "h1:0011aabb:mask-dev-" + messageId,
        "RU",
        2_003_000,
        "2.3.0",
        LocalDate.of(2026, 11, 21));
  }

  private static Rejection rejection(String messageId) {
    return new Rejection(
        messageId,
        RejectReason.MISSING_FIELD,
        "field 'user_id' is missing or null",
        "{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}");
  }
}
