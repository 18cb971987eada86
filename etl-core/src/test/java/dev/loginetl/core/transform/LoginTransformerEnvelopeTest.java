package dev.loginetl.core.transform;

import static dev.loginetl.core.testing.AwsEnvelopes.eventBridgeEvent;
import static dev.loginetl.core.testing.AwsEnvelopes.snsNotification;
import static dev.loginetl.core.testing.AwsEnvelopes.snsSubscriptionConfirmation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.testing.SampleData;
import dev.loginetl.core.testing.TestMasker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transformer on logins in envelopes. Envelope bodies come from {@link
 * dev.loginetl.core.testing.AwsEnvelopes}, which names AWS's page for each shape (SNS: "Amazon SNS
 * message and JSON formats"; EventBridge: "Amazon EventBridge events", "Event structure").
 */
class LoginTransformerEnvelopeTest {
  /** The SQS message's sent time: on another day than the envelopes' timestamps. */
  private static final Instant SQS_SENT = Instant.parse("2026-11-21T00:00:02Z");
  private static final String SNS_TIME = "2026-11-20T23:59:59.917Z";
  private static final String EB_TIME = "2026-11-19T12:00:00Z";
  private static final String SNS_ID = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
  private static final String EB_ID = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";
  private static final String IP = "203.0.113.77";
  private static final String DEVICE = "593-47-5928";
  private static final String LOGIN = "{\"user_id\":\"u1\",\"app_version\":\"2.3.0\",\"device_type\":\"android\","
      + "\"ip\":\"" + IP + "\",\"locale\":\"RU\",\"device_id\":\"" + DEVICE + "\"}";

  private final TestMasker masker = new TestMasker();
  private final Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
  private final LoginTransformer auto = new LoginTransformer(masker, EnvelopeMode.AUTO, clock);
  private final ObjectMapper json = new ObjectMapper();

  private static ReceivedMessage sqs(String sqsId, Object body) {
    return new ReceivedMessage(sqsId, body.toString(), SQS_SENT, 1, sqsId);
  }

  private static LoginRow row(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Parsed.class);
    return ((Outcome.Parsed) outcome).row();
  }

  private static Rejection rejection(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    return ((Outcome.Rejected) outcome).rejection();
  }

  @Test
  void givesTheSampleTheSameOutcomesWithAndWithoutEnvelopeRecognition() {
    LoginTransformer none = new LoginTransformer(masker, EnvelopeMode.NONE, clock);
    List<String> bodies = SampleData.bodies();

    assertThat(bodies).hasSize(100);
    for (int i = 0; i < bodies.size(); i++) {
      ReceivedMessage message = sqs("m" + i, bodies.get(i));
      assertThat(auto.transform(message)).as("sample message %d", i).isEqualTo(none.transform(message));
    }
  }

  @Test
  void keysAnSnsLoginByItsMessageIdAndDatesItByItsTimestamp() {
    LoginRow row = row(auto.transform(sqs("sqs-1", snsNotification(SNS_ID, LOGIN, SNS_TIME))));
    LoginRow bare = row(auto.transform(sqs("sqs-0", LOGIN)));

    assertThat(row.messageId()).isEqualTo(SNS_ID);
    assertThat(row.sqsMessageId()).isEqualTo("sqs-1");
    assertThat(row.createDate()).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(row).isEqualTo(new LoginRow(SNS_ID, "sqs-1", bare.userId(), bare.deviceType(), bare.maskedIp(),
        bare.maskedDeviceId(), bare.locale(), bare.appVersion(), bare.appVersionRaw(), LocalDate.of(2026, 11, 20),
        bare.maskedIpNet(), null, null, null));
    assertThat(bare.maskedIp()).isEqualTo(masker.mask(PiiField.IP, IP));
    assertThat(bare.createDate()).isEqualTo(LocalDate.of(2026, 11, 21));
  }

  @Test
  void givesTwoDeliveriesOfOneSnsMessageOneKey() {
    String body = snsNotification(SNS_ID, LOGIN, SNS_TIME).toString();

    Outcome first = auto.transform(sqs("sqs-1", body));
    Outcome second = auto.transform(sqs("sqs-2", body));

    assertThat(first.messageId()).isEqualTo(second.messageId()).isEqualTo(SNS_ID);
    assertThat(row(second).sqsMessageId()).isEqualTo("sqs-2");
  }

  @Test
  void givesTwoDeliveriesOfOneEnvelopeWithADuplicateFieldOneKey() {
    // As SNS delivers twice: two SQS messages, each with its own SQS id, carrying the same body.
    String sns = snsNotification(SNS_ID, LOGIN, SNS_TIME).toString().replaceFirst("\\{", "{\"TopicArn\":\"arn:x\",");
    String event = eventBridgeEvent(EB_ID, LOGIN, EB_TIME).toString().replaceFirst("\\{", "{\"time\":\"" + EB_TIME + "\",");

    Rejection first = rejection(auto.transform(sqs("sqs-1", sns)));
    Rejection second = rejection(auto.transform(sqs("sqs-2", sns)));
    Rejection firstEvent = rejection(auto.transform(sqs("sqs-3", event)));
    Rejection secondEvent = rejection(auto.transform(sqs("sqs-4", event)));

    assertThat(first.reason()).isEqualTo(second.reason()).isEqualTo(RejectReason.DUPLICATE_FIELD);
    assertThat(first.messageId()).isEqualTo(second.messageId()).isEqualTo(SNS_ID);
    assertThat(List.of(first.sqsMessageId(), second.sqsMessageId())).containsExactly("sqs-1", "sqs-2");
    assertThat(firstEvent.reason()).isEqualTo(RejectReason.DUPLICATE_FIELD);
    assertThat(firstEvent.messageId()).isEqualTo(secondEvent.messageId()).isEqualTo(EB_ID);
    assertThat(first.redactedBody() + firstEvent.redactedBody()).doesNotContain(IP, DEVICE);
  }

  @Test
  void keysAnEventBridgeLoginByItsIdAndDatesItByItsTime() {
    String detail = "{\"user_id\":\"u2\",\"app_version\":2.30,\"ip\":\"" + IP + "\"}";

    LoginRow row = row(auto.transform(sqs("sqs-3", eventBridgeEvent(EB_ID, detail, EB_TIME))));

    assertThat(row.messageId()).isEqualTo(EB_ID);
    assertThat(row.sqsMessageId()).isEqualTo("sqs-3");
    assertThat(row.createDate()).isEqualTo(LocalDate.of(2026, 11, 19));
    assertThat(row.userId()).isEqualTo("u2");
    assertThat(row.appVersionRaw()).as("the number exactly as written").isEqualTo("2.30");
    assertThat(row.appVersion()).isEqualTo(2_030_000);
    assertThat(row.maskedIp()).isEqualTo(masker.mask(PiiField.IP, IP));
  }

  @Test
  void readsEveryBodyAsBareWithModeNone() {
    LoginTransformer none = new LoginTransformer(masker, EnvelopeMode.NONE, clock);

    Rejection rejection = rejection(none.transform(sqs("sqs-4", snsNotification(SNS_ID, LOGIN, SNS_TIME))));

    assertThat(rejection.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(rejection.messageId()).isEqualTo("sqs-4");
    assertThat(rejection.redactedBody()).doesNotContain(IP, DEVICE);
  }

  @Test
  void rejectsAnSnsMessageThatIsNotJsonAndMasksItWhole() throws Exception {
    String text = "login of u1 from " + IP + " on device " + DEVICE;

    Rejection rejection = rejection(auto.transform(sqs("sqs-5", snsNotification(SNS_ID, text, SNS_TIME))));

    assertThat(rejection.reason()).isEqualTo(RejectReason.ENVELOPE_MESSAGE_NOT_JSON);
    assertThat(rejection.detail()).isEqualTo("the SNS Message is not valid JSON (line 1, column 6)");
    assertThat(rejection.messageId()).isEqualTo(SNS_ID);
    assertThat(rejection.sqsMessageId()).isEqualTo("sqs-5");
    JsonNode redacted = json.readTree(rejection.redactedBody());
    assertThat(json.readTree(redacted.get("Message").asText()).get("masked_body").asText())
        .isEqualTo(masker.mask(PiiField.BODY, text));
    assertThat(redacted.get("TopicArn").asText()).isEqualTo("arn:aws:sns:us-west-2:123456789012:MyTopic");
    assertThat(rejection.redactedBody()).doesNotContain(IP, DEVICE);
  }

  @Test
  void rejectsAnEnvelopeWithoutIdUnderItsSqsMessageId() {
    ObjectNode body = snsNotification(SNS_ID, LOGIN, SNS_TIME);
    body.remove("MessageId");

    Rejection rejection = rejection(auto.transform(sqs("sqs-6", body)));

    assertThat(rejection.reason()).isEqualTo(RejectReason.ENVELOPE_MISSING_ID);
    assertThat(rejection.messageId()).isEqualTo("sqs-6");
    assertThat(rejection.sqsMessageId()).isEqualTo("sqs-6");
    assertThat(rejection.redactedBody()).doesNotContain(IP, DEVICE).contains(masker.mask(PiiField.IP, IP));
  }

  @Test
  void recordsASubscriptionConfirmationAndKeepsItsUrlsForTheOperator() throws Exception {
    ObjectNode body = snsSubscriptionConfirmation(SNS_ID, SNS_TIME);

    Rejection rejection = rejection(auto.transform(sqs("sqs-7", body)));

    assertThat(rejection.reason()).isEqualTo(RejectReason.ENVELOPE_UNKNOWN_TYPE);
    assertThat(rejection.messageId()).isEqualTo(SNS_ID);
    assertThat(json.readTree(rejection.redactedBody()).get("SubscribeURL")).isEqualTo(body.get("SubscribeURL"));
  }

  @Test
  void rejectsAnEnvelopeWithoutTimestampUnderItsEventId() {
    ObjectNode body = eventBridgeEvent(EB_ID, LOGIN, EB_TIME);
    body.remove("time");

    Rejection rejection = rejection(auto.transform(sqs("sqs-8", body)));

    assertThat(rejection.reason()).isEqualTo(RejectReason.ENVELOPE_INVALID_TIME);
    assertThat(rejection.messageId()).isEqualTo(EB_ID);
    assertThat(rejection.redactedBody()).doesNotContain(IP, DEVICE);
  }

  @Test
  void reportsARuleBrokenInsideAnEnvelopeInItsOwnTermsAndMasksThePii() throws Exception {
    String noUser = "{\"ip\":\"" + IP + "\",\"device_id\":\"" + DEVICE + "\"}";

    Rejection sns = rejection(auto.transform(sqs("sqs-9", snsNotification(SNS_ID, noUser, SNS_TIME))));
    Rejection event = rejection(auto.transform(sqs("sqs-10", eventBridgeEvent(EB_ID, noUser, EB_TIME))));

    assertThat(sns.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(sns.detail()).isEqualTo("field 'user_id' is missing or null (in the SNS Message)");
    assertThat(event.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(event.detail()).isEqualTo("field 'user_id' is missing or null (in the EventBridge detail)");
    JsonNode inner = json.readTree(json.readTree(sns.redactedBody()).get("Message").asText());
    assertThat(inner.get("ip").asText()).isEqualTo(masker.mask(PiiField.IP, IP));
    assertThat(json.readTree(event.redactedBody()).at("/detail/device_id").asText())
        .isEqualTo(masker.mask(PiiField.DEVICE_ID, DEVICE));
    assertThat(sns.redactedBody() + event.redactedBody()).doesNotContain(IP, DEVICE);
  }

  @Test
  void masksWholeAnSnsMessageThatIsJsonButNoObject() {
    String array = "[\"" + IP + "\",\"" + DEVICE + "\"]";

    Rejection rejection = rejection(auto.transform(sqs("sqs-11", snsNotification(SNS_ID, array, SNS_TIME))));

    assertThat(rejection.reason()).isEqualTo(RejectReason.NOT_OBJECT);
    assertThat(rejection.detail()).isEqualTo("the SNS Message is an array, not a JSON object");
    assertThat(rejection.redactedBody()).doesNotContain(IP, DEVICE).contains(masker.mask(PiiField.BODY, array));
  }

  @Test
  void masksWholeAnEventBridgeDetailThatIsNoObject() {
    String detail = "[\"" + IP + "\"]";

    Rejection rejection = rejection(auto.transform(sqs("sqs-12", eventBridgeEvent(EB_ID, detail, EB_TIME))));

    assertThat(rejection.reason()).isEqualTo(RejectReason.NOT_OBJECT);
    assertThat(rejection.redactedBody()).doesNotContain(IP).contains(masker.mask(PiiField.BODY, detail));
  }

  @Test
  void rejectsABareLoginWhenTheModeRequiresAnEnvelope() {
    LoginTransformer sns = new LoginTransformer(masker, EnvelopeMode.SNS, clock);

    Rejection rejection = rejection(sns.transform(sqs("sqs-13", LOGIN)));

    assertThat(rejection.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(rejection.detail()).isEqualTo("the body is not an SNS notification: envelope field 'Type' is missing");
    assertThat(rejection.messageId()).isEqualTo("sqs-13");
    assertThat(rejection.redactedBody()).doesNotContain(IP, DEVICE);
  }

  @Test
  void rejectsAMaskTooLongInsideAnEnvelopeUnderTheEventId() {
    LoginTransformer growing = new LoginTransformer((field, value) -> "grow:" + value.repeat(100), clock);

    Rejection rejection = rejection(growing.transform(sqs("sqs-14", snsNotification(SNS_ID, LOGIN, SNS_TIME))));

    assertThat(rejection.reason()).isEqualTo(RejectReason.TOO_LONG);
    assertThat(rejection.messageId()).isEqualTo(SNS_ID);
    assertThat(rejection.detail())
        .isEqualTo("field 'ip' is too long to mask within the 256 characters of its column (in the SNS Message)");
  }
}
