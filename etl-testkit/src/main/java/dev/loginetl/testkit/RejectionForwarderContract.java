package dev.loginetl.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.RejectionForwarder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RejectionForwarder} must do, as tests. An adapter's test class implements this
 * interface and its hooks; the default methods are its tests.
 */
public interface RejectionForwarderContract {

  /** The loader version the forwarders of these tests are made with. */
  String VERSION = "contract-1.0";

  /**
   * A message as the destination holds it.
   *
   * @param body the body; personal data, so {@link #toString()} does not print it
   * @param attributes its message attributes, by name
   */
  record Forwarded(String body, Map<String, String> attributes) {
    public Forwarded {
      attributes = Map.copyOf(attributes);
    }

    @Override
    public String toString() {
      return "Forwarded[bodyLength=" + body.length() + ", attributes=" + attributes + "]";
    }
  }

  /** A forwarder, made with loader version {@link #VERSION}, to a new, empty destination. */
  RejectionForwarder newForwarder();

  /**
   * What the destination behind the forwarder {@link #newForwarder} made last holds, waiting a few
   * seconds at most until it holds at least {@code atLeast} messages.
   */
  List<Forwarded> forwarded(int atLeast);

  @Test
  default void storesEachBodyByteForByteWithItsKeyOriginReasonAndVersion() {
    try (RejectionForwarder forwarder = newForwarder()) {
      Instant sent = Instant.parse("2026-11-20T23:59:59.917Z");
      List<RejectedMessage> rejected = List.of(
          rejected("sqs-1", "sqs-1", "{\"user_id\":\"\u00e9\u4e2d\ud83d\ude00\",\"ip\":\"203.0.113.77\"}", sent,
              RejectReason.TOO_LONG, Map.of()),
          rejected("sqs-2", "sns-event-2", "{\"Type\":\"Notification\",\"MessageId\":\"sns-event-2\"}", sent,
              RejectReason.ENVELOPE_MESSAGE_NOT_JSON, Map.of()),
          rejected("sqs-3", "sqs-3", "not json at all", null, RejectReason.NOT_JSON, Map.of()));

      forwarder.forward(rejected);

      List<Forwarded> expected = new ArrayList<>();
      for (RejectedMessage message : rejected) {
        expected.add(new Forwarded(message.message().body(), DeadLetterAttributes.of(message, VERSION)));
      }
      assertThat(forwarded(3)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(expected.get(1).attributes())
          .containsEntry(DeadLetterAttributes.MESSAGE_ID, "sns-event-2")
          .containsEntry(DeadLetterAttributes.SQS_MESSAGE_ID, "sqs-2")
          .containsEntry(DeadLetterAttributes.SENT_TIMESTAMP, Long.toString(sent.toEpochMilli()))
          .containsEntry(DeadLetterAttributes.REASON, "ENVELOPE_MESSAGE_NOT_JSON")
          .containsEntry(DeadLetterAttributes.VERSION, VERSION);
    }
  }

  @Test
  default void aReplayedMessageForwardedAgainKeepsItsFirstOrigin() {
    try (RejectionForwarder forwarder = newForwarder()) {
      Instant first = Instant.parse("2026-10-01T08:00:00Z");
      Map<String, String> origin = Map.of(
          DeadLetterAttributes.MESSAGE_ID, "sqs-first",
          DeadLetterAttributes.SQS_MESSAGE_ID, "sqs-first",
          DeadLetterAttributes.SENT_TIMESTAMP, Long.toString(first.toEpochMilli()),
          DeadLetterAttributes.REASON, "REFUSED_BY_DATABASE",
          DeadLetterAttributes.VERSION, "older-0.9");

      forwarder.forward(List.of(rejected("sqs-again", "sqs-first", "{\"user_id\":\"u\"}", Instant.now(),
          RejectReason.REFUSED_BY_DATABASE, origin)));

      assertThat(forwarded(1)).singleElement().satisfies(f -> assertThat(f.attributes())
          .containsEntry(DeadLetterAttributes.MESSAGE_ID, "sqs-first")
          .containsEntry(DeadLetterAttributes.SQS_MESSAGE_ID, "sqs-first")
          .containsEntry(DeadLetterAttributes.SENT_TIMESTAMP, Long.toString(first.toEpochMilli()))
          .containsEntry(DeadLetterAttributes.VERSION, VERSION));
    }
  }

  @Test
  default void storesEveryMessageOfALargeCall() {
    try (RejectionForwarder forwarder = newForwarder()) {
      List<RejectedMessage> rejected = IntStream.range(0, 37)
          .mapToObj(i -> rejected("sqs-" + i, "sqs-" + i, "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i * 100) + "\"}",
              Instant.now(), RejectReason.MISSING_FIELD, Map.of()))
          .toList();

      forwarder.forward(rejected);

      assertThat(forwarded(37)).extracting(Forwarded::body)
          .containsExactlyInAnyOrderElementsOf(rejected.stream().map(r -> r.message().body()).toList());
    }
  }

  @Test
  default void attributesHoldNothingFromTheBody() {
    try (RejectionForwarder forwarder = newForwarder()) {
      String ip = "198.51.100.23";
      String deviceId = "contract-device-7f3a";
      forwarder.forward(List.of(rejected("sqs-pii", "sqs-pii",
          "{\"user_id\":\"u\",\"ip\":\"" + ip + "\",\"device_id\":\"" + deviceId + "\",\"locale\":\"" + "x".repeat(40) + "\"}",
          Instant.now(), RejectReason.TOO_LONG, Map.of())));

      assertThat(forwarded(1)).singleElement().satisfies(f -> {
        assertThat(DeadLetterAttributes.NAMES).containsAll(f.attributes().keySet());
        assertThat(String.join("\n", f.attributes().values())).doesNotContain(ip).doesNotContain(deviceId);
      });
    }
  }

  @Test
  default void forwardingNothingStoresNothing() {
    try (RejectionForwarder forwarder = newForwarder()) {
      forwarder.forward(List.of());

      assertThat(forwarded(0)).isEmpty();
    }
  }

  @Test
  default void closeIsIdempotent() {
    RejectionForwarder forwarder = newForwarder();
    forwarder.close();
    assertThatCode(forwarder::close).doesNotThrowAnyException();
  }

  /**
   * A rejected delivery: SQS id {@code sqsId}, idempotency key {@code key}; its handle is a string
   * unique to the delivery.
   */
  static RejectedMessage rejected(String sqsId, String key, String body, Instant sent, RejectReason reason,
      Map<String, String> attributes) {
    ReceivedMessage message = new ReceivedMessage(sqsId, body, sent, 1, "handle-" + sqsId, attributes);
    return new RejectedMessage(message, new Rejection(key, sqsId, reason, "a sentence about " + reason, "{}"));
  }
}
