package dev.loginetl.core.transform;

import static dev.loginetl.core.testing.AwsEnvelopes.eventBridgeEvent;
import static dev.loginetl.core.testing.AwsEnvelopes.snsNotification;
import static dev.loginetl.core.testing.AwsEnvelopes.snsSubscriptionConfirmation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loginetl.core.model.RejectReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Envelope bodies come from {@link dev.loginetl.core.testing.AwsEnvelopes}, which names AWS's page for each shape. */
class EnvelopeReaderTest {
  private static final String LOGIN = "{\"user_id\":\"u1\",\"ip\":\"203.0.113.9\",\"app_version\":2.30}";
  private static final String SNS_ID = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
  private static final String EB_ID = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";

  private static Envelope auto(Object body) {
    return EnvelopeReader.read(EnvelopeMode.AUTO, body.toString());
  }

  @Test
  void takesTheLoginOutOfAnSnsNotification() {
    Envelope envelope = auto(snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z"));

    assertThat(envelope).isEqualTo(new Envelope.Unwrapped(
        Envelope.Kind.SNS, SNS_ID, Instant.parse("2012-05-02T00:54:06.655Z"), LOGIN));
  }

  @Test
  void takesTheDetailOutOfAnEventBridgeEventExactlyAsWritten() {
    String detail = "{ \"user_id\" : \"u1\", \"app_version\" : 2.30, \"n\" : 1e2, \"s\" : \"\\u00e9\" }";

    Envelope envelope = auto(eventBridgeEvent(EB_ID, detail, "2017-12-22T18:43:48Z"));

    assertThat(envelope).isEqualTo(new Envelope.Unwrapped(
        Envelope.Kind.EVENTBRIDGE, EB_ID, Instant.parse("2017-12-22T18:43:48Z"), detail));
  }

  @Test
  void findsTheDetailOfALargeEventWhereverItIs() {
    String detail = "{\"user_id\":\"u1\",\"padding\":\"" + "\u00e9x".repeat(40_000) + "\"}";
    ObjectNode event = eventBridgeEvent(EB_ID, detail, "2017-12-22T18:43:48Z");
    // Another field before the detail, long enough that the parser refills its buffer on the way.
    ObjectNode body = event.objectNode().put("first", "y".repeat(70_000));
    body.setAll(event);

    assertThat(((Envelope.Unwrapped) auto(body)).login()).isEqualTo(detail);
  }

  @Test
  void recognisesAnEnvelopeWhoseFieldNamesAreEscaped() {
    String body = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z").toString()
        .replace("\"TopicArn\"", "\"\\u0054opicArn\"");
    String event = eventBridgeEvent(EB_ID, LOGIN, "2017-12-22T18:43:48Z").toString()
        .replace("\"detail-type\"", "\"detail\\u002dtype\"");

    assertThat(body).doesNotContain("\"TopicArn\"");
    assertThat(auto(body)).isInstanceOf(Envelope.Unwrapped.class);
    assertThat(auto(event)).isInstanceOf(Envelope.Unwrapped.class);
  }

  @Test
  void leavesABareLoginBare() {
    assertThat(auto(LOGIN)).isInstanceOf(Envelope.Bare.class);
    assertThat(auto("not json")).isInstanceOf(Envelope.Bare.class);
    assertThat(auto("[1]")).isInstanceOf(Envelope.Bare.class);
    assertThat(auto("{\"Type\":\"Notification\",\"Message\":\"{}\"}")).as("no TopicArn").isInstanceOf(Envelope.Bare.class);
  }

  @Test
  void readsEveryBodyAsBareWithModeNone() {
    String sns = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z").toString();

    assertThat(EnvelopeReader.read(EnvelopeMode.NONE, sns)).isInstanceOf(Envelope.Bare.class);
  }

  @Test
  void recognisesAnEnvelopeWithoutItsIdAndSaysSo() {
    ObjectNode sns = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z");
    sns.remove("MessageId");
    ObjectNode event = eventBridgeEvent(EB_ID, LOGIN, "2017-12-22T18:43:48Z");
    event.put("id", 12);

    assertThat(auto(sns)).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, null, RejectReason.ENVELOPE_MISSING_ID,
        "the SNS notification has no usable MessageId: it is missing"));
    assertThat(auto(event)).isEqualTo(new Envelope.Broken(Envelope.Kind.EVENTBRIDGE, null,
        RejectReason.ENVELOPE_MISSING_ID, "the EventBridge event has no usable id: it is a number, not a string"));
  }

  @Test
  void refusesIdsThatAreNoUsableKey() {
    for (String id : new String[] {"", "x".repeat(129), "a b", "a\u0000b", "id-\u00e9", "1.2.3.4"}) {
      Envelope envelope = auto(snsNotification(id, LOGIN, "2012-05-02T00:54:06.655Z"));
      if (id.equals("1.2.3.4")) {
        assertThat(envelope).isInstanceOf(Envelope.Unwrapped.class);
      } else {
        assertThat(envelope).as("id of length %d", id.length()).isInstanceOfSatisfying(Envelope.Broken.class,
            broken -> assertThat(broken.reason()).isEqualTo(RejectReason.ENVELOPE_MISSING_ID));
      }
    }
    assertThat(auto(snsNotification("x".repeat(128), LOGIN, "2012-05-02T00:54:06.655Z")))
        .isInstanceOf(Envelope.Unwrapped.class);
  }

  @Test
  void recordsASubscriptionConfirmationUnderItsMessageIdAsAnUnknownType() {
    Envelope envelope = auto(snsSubscriptionConfirmation(SNS_ID, "2012-04-26T20:45:04.751Z"));

    assertThat(envelope).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, SNS_ID, RejectReason.ENVELOPE_UNKNOWN_TYPE,
        "the SNS message is a SubscriptionConfirmation, not a Notification: it carries no login; recorded, never confirmed"));
  }

  @Test
  void neverQuotesAnUnknownTypeFromTheBody() {
    ObjectNode sns = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z").put("Type", "203.0.113.9");

    assertThat(((Envelope.Broken) auto(sns)).detail())
        .isEqualTo("the SNS message's Type is not Notification, the only type that carries a login");
  }

  @Test
  void rejectsAMissingOrInvalidTimestamp() {
    for (String time : new String[] {"yesterday", "2012-05-02", "2012-05-02T00:54:06", "+10000-01-01T00:00:00Z",
        "0000-12-31T23:00:00Z", "0001-01-01T00:30:00+01:00"}) {
      Envelope sns = auto(snsNotification(SNS_ID, LOGIN, time));
      Envelope event = auto(eventBridgeEvent(EB_ID, LOGIN, time));

      assertThat(sns).as(time).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, SNS_ID,
          RejectReason.ENVELOPE_INVALID_TIME,
          "envelope field 'Timestamp' is missing or not an ISO-8601 date and time with an offset"));
      assertThat(event).as(time).isEqualTo(new Envelope.Broken(Envelope.Kind.EVENTBRIDGE, EB_ID,
          RejectReason.ENVELOPE_INVALID_TIME,
          "envelope field 'time' is missing or not an ISO-8601 date and time with an offset"));
    }
  }

  @Test
  void takesATimestampWithAnOffsetAsItsInstant() {
    Envelope envelope = auto(snsNotification(SNS_ID, LOGIN, "2026-03-01T23:30:00-02:00"));

    assertThat(((Envelope.Unwrapped) envelope).time()).isEqualTo(Instant.parse("2026-03-02T01:30:00Z"));
  }

  @Test
  void rejectsAnAmbiguousEnvelopeField() {
    String body = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z").toString()
        .replaceFirst("\\{", "{\"MessageId\":\"another-id\",");

    assertThat(auto(body)).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, null, RejectReason.DUPLICATE_FIELD,
        "envelope field 'MessageId' appears more than once"));
  }

  @Test
  void keysAnEnvelopeWithADuplicateFieldByItsEventIdWhenThatIsUsable() {
    // The field is written twice by hand: Jackson's tree keeps one value per name.
    String sns = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z").toString()
        .replaceFirst("\\{", "{\"Timestamp\":\"2012-05-02T00:54:07Z\",");
    String event = eventBridgeEvent(EB_ID, LOGIN, "2017-12-22T18:43:48Z").toString()
        .replaceFirst("\\{", "{\"source\":\"another.source\",");
    String sameIdTwice = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z").toString()
        .replaceFirst("\\{", "{\"MessageId\":\"" + SNS_ID + "\",");
    String unusableId = snsNotification("", LOGIN, "2012-05-02T00:54:06.655Z").toString()
        .replaceFirst("\\{", "{\"Message\":\"x\",");

    assertThat(auto(sns)).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, SNS_ID, RejectReason.DUPLICATE_FIELD,
        "envelope field 'Timestamp' appears more than once"));
    assertThat(auto(event)).isEqualTo(new Envelope.Broken(Envelope.Kind.EVENTBRIDGE, EB_ID,
        RejectReason.DUPLICATE_FIELD, "envelope field 'source' appears more than once"));
    assertThat(auto(sameIdTwice)).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, SNS_ID,
        RejectReason.DUPLICATE_FIELD, "envelope field 'MessageId' appears more than once"));
    assertThat(auto(unusableId)).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, null,
        RejectReason.DUPLICATE_FIELD, "envelope field 'Message' appears more than once"));
  }

  @Test
  void rejectsAPayloadOfTheWrongType() {
    ObjectNode sns = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z");
    sns.putObject("Message").put("user_id", "u1");
    ObjectNode event = eventBridgeEvent(EB_ID, "\"" + "u1" + "\"", "2017-12-22T18:43:48Z");

    assertThat(auto(sns)).isEqualTo(new Envelope.Broken(Envelope.Kind.SNS, SNS_ID, RejectReason.WRONG_TYPE,
        "envelope field 'Message' must be a JSON string holding the login, found an object"));
    assertThat(auto(event)).isEqualTo(new Envelope.Broken(Envelope.Kind.EVENTBRIDGE, EB_ID, RejectReason.NOT_OBJECT,
        "the EventBridge detail is a string, not a JSON object"));
  }

  @Test
  void requiresTheEnvelopeItsModeNames() {
    String sns = snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z").toString();

    assertThat(EnvelopeReader.read(EnvelopeMode.SNS, LOGIN)).isEqualTo(new Envelope.NotAnEnvelope(
        RejectReason.MISSING_FIELD, "the body is not an SNS notification: envelope field 'Type' is missing"));
    assertThat(EnvelopeReader.read(EnvelopeMode.EVENTBRIDGE, sns)).isEqualTo(new Envelope.NotAnEnvelope(
        RejectReason.MISSING_FIELD, "the body is not an EventBridge event: envelope field 'detail-type' is missing"));
    assertThat(EnvelopeReader.read(EnvelopeMode.SNS, "{\"a\":")).isInstanceOfSatisfying(Envelope.NotAnEnvelope.class,
        not -> assertThat(not.reason()).isEqualTo(RejectReason.NOT_JSON));
    assertThat(EnvelopeReader.read(EnvelopeMode.EVENTBRIDGE, "[]")).isEqualTo(new Envelope.NotAnEnvelope(
        RejectReason.NOT_OBJECT, "the body is an array, not a JSON object"));
    assertThat(EnvelopeReader.read(EnvelopeMode.SNS, sns)).isInstanceOf(Envelope.Unwrapped.class);
  }

  @Test
  void neverPrintsTheLogin() {
    Envelope envelope = auto(snsNotification(SNS_ID, LOGIN, "2012-05-02T00:54:06.655Z"));

    assertThat(envelope.toString()).doesNotContain("203.0.113.9").contains(SNS_ID);
  }

  @Test
  void namesModesAsConfigurationDoes() {
    assertThat(EnvelopeMode.fromName(" EventBridge ")).isEqualTo(EnvelopeMode.EVENTBRIDGE);
    assertThat(EnvelopeMode.fromName("none")).isEqualTo(EnvelopeMode.NONE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnvelopeMode.fromName("sqs"))
        .hasMessage("The envelope mode 'sqs' is unknown: set it to auto, none, sns or eventbridge.");
  }
}
