package dev.loginetl.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.model.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterAttributesTest {
  private static final Instant SENT = Instant.parse("2026-11-20T23:59:59.917Z");

  private static RejectedMessage rejected(ReceivedMessage message, String key, RejectReason reason) {
    return new RejectedMessage(message, new Rejection(key, message.messageId(), reason,
        "field 'ip' is too long to mask", "{\"ip\":\"h1:k:masked\"}"));
  }

  @Test
  void aForwardedMessageCarriesItsKeyItsSqsIdItsSentTimeItsReasonAndTheVersionInThatOrder() {
    ReceivedMessage message = new ReceivedMessage("sqs-1", "{\"ip\":\"203.0.113.77\"}", SENT, 3, "h");

    Map<String, String> attributes =
        DeadLetterAttributes.of(rejected(message, "sns-event-1", RejectReason.TOO_LONG), "1.4.0");

    assertThat(attributes).containsExactly(
        Map.entry("loginetl.message-id", "sns-event-1"),
        Map.entry("loginetl.sqs-message-id", "sqs-1"),
        Map.entry("loginetl.sent-timestamp", "1795219199917"),
        Map.entry("loginetl.reason", "TOO_LONG"),
        Map.entry("loginetl.version", "1.4.0"));
    assertThat(String.join(" ", attributes.values())).as("never the detail, never the body")
        .doesNotContain("too long").doesNotContain("203.0.113.77");
  }

  @Test
  void aMessageWithoutASentTimeIsForwardedWithoutOne() {
    ReceivedMessage message = new ReceivedMessage("sqs-1", "{}", null, 1, "h");

    assertThat(DeadLetterAttributes.of(rejected(message, "sqs-1", RejectReason.MISSING_FIELD), "1"))
        .doesNotContainKey(DeadLetterAttributes.SENT_TIMESTAMP);
  }

  @Test
  void aMessageForwardedAgainKeepsItsFirstSqsIdAndSentTime() {
    ReceivedMessage replayed = new ReceivedMessage("sqs-2", "{}", Instant.now(), 1, "h", Map.of(
        DeadLetterAttributes.MESSAGE_ID, "sqs-1",
        DeadLetterAttributes.SQS_MESSAGE_ID, "sqs-1",
        DeadLetterAttributes.SENT_TIMESTAMP, "1795219199917"));

    Map<String, String> attributes =
        DeadLetterAttributes.of(rejected(replayed, "sqs-1", RejectReason.REFUSED_BY_DATABASE), "2");

    assertThat(attributes)
        .containsEntry(DeadLetterAttributes.MESSAGE_ID, "sqs-1")
        .containsEntry(DeadLetterAttributes.SQS_MESSAGE_ID, "sqs-1")
        .containsEntry(DeadLetterAttributes.SENT_TIMESTAMP, "1795219199917")
        .containsEntry(DeadLetterAttributes.VERSION, "2");
  }

  @Test
  void aMessageWithoutAttributesIsItsOwnOrigin() {
    DeadLetterAttributes.Origin origin =
        DeadLetterAttributes.originOf(new ReceivedMessage("sqs-1", "{}", SENT, 1, "h"));

    assertThat(origin).isEqualTo(new DeadLetterAttributes.Origin("sqs-1", "sqs-1", SENT, false));
  }

  @Test
  void takesIdsOfOneTo128SafeCharactersOnly() {
    assertThat(DeadLetterAttributes.isId("6a7e8feb-b491-4cf7-a9f1-000000000001")).isTrue();
    assertThat(DeadLetterAttributes.isId("a.b_c:d")).isTrue();
    assertThat(DeadLetterAttributes.isId("x".repeat(128))).isTrue();
    for (String bad : List.of("", "x".repeat(129), "a b", "a/b", "\u00e9", "a\nb")) {
      assertThat(DeadLetterAttributes.isId(bad)).as("'%s'", bad.length() > 10 ? bad.length() + " chars" : bad).isFalse();
    }
  }

  @Test
  void ignoresEachMalformedAttributeOnItsOwn() {
    Instant own = Instant.parse("2026-11-25T00:00:00Z");
    for (String badTime : List.of("", "-", "12a", "1e9", "99999999999999999999", "253402300800000")) {
      ReceivedMessage message = new ReceivedMessage("sqs-2", "{}", own, 1, "h", Map.of(
          DeadLetterAttributes.MESSAGE_ID, "sqs-1",
          DeadLetterAttributes.SQS_MESSAGE_ID, "not an id",
          DeadLetterAttributes.SENT_TIMESTAMP, badTime));

      assertThat(DeadLetterAttributes.originOf(message)).as("time '%s'", badTime)
          .isEqualTo(new DeadLetterAttributes.Origin("sqs-1", "sqs-2", own, true));
    }
  }
}
