package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.testing.AwsEnvelopes;
import dev.loginetl.core.testing.TestMasker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A message sent back from the dead-letter queue takes the key and date of its first delivery. */
class LoginTransformerReplayTest {
  private static final Instant FIRST_SENT = Instant.parse("2026-10-01T23:30:00Z");
  private static final Instant REDRIVEN = Instant.parse("2026-11-25T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final LoginTransformer transformer = new LoginTransformer(new TestMasker(), CLOCK);

  private static Map<String, String> origin(String key, String firstSqsId, Instant sent) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put(DeadLetterAttributes.MESSAGE_ID, key);
    attributes.put(DeadLetterAttributes.SQS_MESSAGE_ID, firstSqsId);
    attributes.put(DeadLetterAttributes.SENT_TIMESTAMP, Long.toString(sent.toEpochMilli()));
    attributes.put(DeadLetterAttributes.REASON, "REFUSED_BY_DATABASE");
    attributes.put(DeadLetterAttributes.VERSION, "0.1.0");
    return attributes;
  }

  private Outcome replay(String newSqsId, String body, Map<String, String> attributes) {
    return transformer.transform(new ReceivedMessage(newSqsId, body, REDRIVEN, 1, "handle", attributes));
  }

  @Test
  void aReplayedBareLoginIsKeyedByItsFirstIdAndDatedByItsFirstSentTime() {
    Outcome outcome = replay("sqs-new", "{\"user_id\":\"u\"}", origin("sqs-first", "sqs-first", FIRST_SENT));

    LoginRow row = ((Outcome.Parsed) outcome).row();
    assertThat(row.messageId()).isEqualTo("sqs-first");
    assertThat(row.sqsMessageId()).as("the message that carried it this time").isEqualTo("sqs-new");
    assertThat(row.createDate()).isEqualTo(LocalDate.of(2026, 10, 1));
  }

  @Test
  void aReplayedBareLoginRejectedAgainKeepsItsFirstKey() {
    Outcome outcome = replay("sqs-new", "{\"foo\":1}", origin("sqs-first", "sqs-first", FIRST_SENT));

    Rejection rejection = ((Outcome.Rejected) outcome).rejection();
    assertThat(rejection.messageId()).isEqualTo("sqs-first");
    assertThat(rejection.sqsMessageId()).isEqualTo("sqs-new");
    assertThat(rejection.reason()).isEqualTo(RejectReason.MISSING_FIELD);
  }

  @Test
  void aReplayedEnvelopeIsKeyedAndDatedByItsEventAsBefore() {
    String body = AwsEnvelopes.snsNotification("sns-event-1", "{\"user_id\":\"u\"}", "2026-09-30T12:00:00Z").toString();

    Outcome outcome = replay("sqs-new", body, origin("sns-event-1", "sqs-first", FIRST_SENT));

    LoginRow row = ((Outcome.Parsed) outcome).row();
    assertThat(row.messageId()).isEqualTo("sns-event-1");
    assertThat(row.createDate()).isEqualTo(LocalDate.of(2026, 9, 30));
  }

  @Test
  void aReplayedEnvelopeWithoutAnIdIsKeyedByItsFirstSqsId() {
    var envelope = AwsEnvelopes.snsNotification("x", "{\"user_id\":\"u\"}", "2026-09-30T12:00:00Z");
    envelope.remove("MessageId");

    Outcome outcome = replay("sqs-new", envelope.toString(), origin("sqs-first", "sqs-first", FIRST_SENT));

    Rejection rejection = ((Outcome.Rejected) outcome).rejection();
    assertThat(rejection.reason()).isEqualTo(RejectReason.ENVELOPE_MISSING_ID);
    assertThat(rejection.messageId()).isEqualTo("sqs-first");
  }

  @Test
  void malformedAttributesAreIgnoredAndTheMessageTakesItsOwnIdAndTime() {
    Map<String, String> attributes = origin("sqs first", "sqs-first", FIRST_SENT);
    attributes.put(DeadLetterAttributes.SENT_TIMESTAMP, "yesterday");

    LoginRow row = ((Outcome.Parsed) replay("sqs-new", "{\"user_id\":\"u\"}", attributes)).row();

    assertThat(row.messageId()).isEqualTo("sqs-new");
    assertThat(row.createDate()).isEqualTo(LocalDate.of(2026, 11, 25));
  }

  @Test
  void aSentTimestampOutsideTheYearsOneTo9999IsIgnored() {
    Map<String, String> attributes = origin("sqs-first", "sqs-first", FIRST_SENT);
    attributes.put(DeadLetterAttributes.SENT_TIMESTAMP, "253402300800000"); // 10000-01-01

    LoginRow row = ((Outcome.Parsed) replay("sqs-new", "{\"user_id\":\"u\"}", attributes)).row();

    assertThat(row.messageId()).isEqualTo("sqs-first");
    assertThat(row.createDate()).isEqualTo(LocalDate.of(2026, 11, 25));
  }
}
