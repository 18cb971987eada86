package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.testing.AwsEnvelopes;
import dev.loginetl.core.testing.TestMasker;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import org.junit.jupiter.api.Test;

class BodyRedactorTest {
  private final TestMasker masker = new TestMasker();
  private final BodyRedactor redactor = new BodyRedactor(masker);
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void masksIpAndDeviceIdAndKeepsEverythingElse() throws Exception {
    String body = "{\"user_id\":\"u1\",\"ip\":\"10.1.2.3\",\"device_id\":\"593-47-5928\",\"locale\":\"RU\",\"n\":[1,{\"a\":null}]}";

    JsonNode redacted = json.readTree(redactor.redact(body));

    assertThat(redacted.get("user_id").asText()).isEqualTo("u1");
    assertThat(redacted.get("ip").asText()).isEqualTo(masker.mask(PiiField.IP, "10.1.2.3"));
    assertThat(redacted.get("device_id").asText()).isEqualTo(masker.mask(PiiField.DEVICE_ID, "593-47-5928"));
    assertThat(redacted.get("n").toString()).isEqualTo("[1,{\"a\":null}]");
    assertThat(redacted.toString()).doesNotContain("10.1.2.3").doesNotContain("593-47-5928");
  }

  @Test
  void keepsNumbersAsSentNotAsDoubles() throws Exception {
    String body = "{\"huge\":1e999,\"pi\":3.14159265358979323846264338327950288,\"big\":12345678901234567890123456789}";

    JsonNode redacted = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .readTree(redactor.redact(body));

    assertThat(redacted.get("huge").isNumber()).isTrue();
    assertThat(redacted.get("huge").decimalValue()).isEqualByComparingTo("1e999");
    assertThat(redacted.get("pi").decimalValue()).isEqualByComparingTo("3.14159265358979323846264338327950288");
    assertThat(redacted.get("big").bigIntegerValue()).hasToString("12345678901234567890123456789");
  }

  @Test
  void masksEveryOccurrenceAndEveryTypeOfAPiiField() {
    String body = "{\"ip\":\"10.0.0.1\",\"ip\":{\"v\":\"10.0.0.2\"},\"device_id\":[\"555-55-5555\"],\"user_id\":7}";

    String redacted = redactor.redact(body);

    assertThat(redacted).doesNotContain("10.0.0.1", "10.0.0.2", "555-55-5555").contains("\"user_id\":7");
  }

  @Test
  void masksPiiFieldsNestedInObjectsAndArrays() throws Exception {
    String body = "{\"login\":{\"ip\":\"10.4.4.4\",\"device\":{\"device_id\":\"777-77-7777\"}},"
        + "\"history\":[{\"ip\":\"10.5.5.5\"},[{\"ip\":null}]],\"note\":\"ip\"}";

    JsonNode redacted = json.readTree(redactor.redact(body));

    assertThat(redacted.at("/login/ip").asText()).isEqualTo(masker.mask(PiiField.IP, "10.4.4.4"));
    assertThat(redacted.at("/login/device/device_id").asText()).isEqualTo(masker.mask(PiiField.DEVICE_ID, "777-77-7777"));
    assertThat(redacted.at("/history/0/ip").asText()).isEqualTo(masker.mask(PiiField.IP, "10.5.5.5"));
    assertThat(redacted.at("/history/1/0/ip").isNull()).isTrue();
    assertThat(redacted.get("note").asText()).isEqualTo("ip");
    assertThat(redacted.toString()).doesNotContain("10.4.4.4", "777-77-7777", "10.5.5.5");
  }

  @Test
  void masksPiiInsideAStringThatHoldsJsonAsAnSnsNotificationDoes() throws Exception {
    // An SNS notification (raw message delivery off), as AWS documents it: the login is a JSON string in Message.
    String login = "{\"user_id\":\"u1\",\"ip\":\"203.0.113.77\",\"device_id\":\"593-47-5928\"}";
    String body = json.createObjectNode().put("Type", "Notification").put("MessageId", "m-1")
        .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:logins").put("Message", login).toString();

    JsonNode redacted = json.readTree(redactor.redact(body));

    JsonNode inner = json.readTree(redacted.get("Message").asText());
    assertThat(inner.get("user_id").asText()).isEqualTo("u1");
    assertThat(inner.get("ip").asText()).isEqualTo(masker.mask(PiiField.IP, "203.0.113.77"));
    assertThat(inner.get("device_id").asText()).isEqualTo(masker.mask(PiiField.DEVICE_ID, "593-47-5928"));
    assertThat(redacted.get("TopicArn").asText()).isEqualTo("arn:aws:sns:us-east-1:123456789012:logins");
    assertThat(redacted.toString()).doesNotContain("203.0.113.77", "593-47-5928");
  }

  @Test
  void masksPiiInJsonStringsNestedInJsonStringsAndArrays() {
    String level2 = json.createObjectNode().put("ip", "10.6.6.6").toString();
    String level1 = json.createArrayNode().add(json.createObjectNode().put("wrapped", level2)).toString();
    String body = json.createObjectNode().put("envelope", level1).put("text", "{not json, ip 10.7.7.7").toString();

    String redacted = redactor.redact(body);

    assertThat(redacted).doesNotContain("10.6.6.6").contains(masker.mask(PiiField.IP, "10.6.6.6"));
    assertThat(redacted).as("a string that is not JSON is kept as it was").contains("{not json, ip 10.7.7.7");
  }

  @Test
  void masksWholeAStringThatStartsLikeJsonCannotBeReadAndNamesAPiiField() throws Exception {
    String truncated = "{\"user_id\":\"u1\",\"ip\":\"10.9.9.9\"";
    String body = json.createObjectNode().put("Message", truncated).toString();

    JsonNode redacted = json.readTree(redactor.redact(body));

    assertThat(redacted.get("Message").asText()).isEqualTo(masker.mask(PiiField.BODY, truncated));
  }

  @Test
  void masksWholeAnEmbeddedJsonThatCannotBeReadAndEscapesAPiiKey() throws Exception {
    // The field x holds {"\u0069p":"203.0.113.9" cut short; user_id is a number, so the body is rejected.
    String body = "{\"user_id\": 1, \"x\": \"{\\\"\\\\u0069p\\\":\\\"203.0.113.9\\\"\"}";
    String x = "{\"\\u0069p\":\"203.0.113.9\"";

    JsonNode redacted = json.readTree(redactor.redact(body));
    Outcome outcome = new LoginTransformer(masker).transform(new ReceivedMessage("m-1", body, null, 1, "m-1"));

    assertThat(redacted.get("x").asText()).isEqualTo(masker.mask(PiiField.BODY, x));
    assertThat(redacted.toString()).doesNotContain("203.0.113.9");
    assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
      assertThat(rejected.rejection().reason()).isEqualTo(RejectReason.WRONG_TYPE);
      assertThat(rejected.rejection().redactedBody()).doesNotContain("203.0.113.9");
    });
  }

  @Test
  void masksWholeAnEmbeddedJsonFollowedByASecondValue() throws Exception {
    String x = "{\"ip\":\"203.0.113.10\"} {}";
    String body = json.createObjectNode().put("x", x).toString();

    JsonNode redacted = json.readTree(redactor.redact(body));

    assertThat(redacted.get("x").asText()).isEqualTo(masker.mask(PiiField.BODY, x));
  }

  @Test
  void keepsAnUnreadableEmbeddedJsonThatNamesNoPiiFieldAsItWas() throws Exception {
    // Its escapes decode to no "ip" or "device_id" key: it is kept for the operator to read.
    String x = "{\"zip\":\"10115\",\"ship_id\":\"s-1\",\"ips\":2,\"note\":\"a\\nb \\u00e9 \\\"i\\\" p\"";
    String body = json.createObjectNode().put("x", x).toString();

    assertThat(json.readTree(redactor.redact(body)).get("x").asText()).isEqualTo(x);
  }

  @Test
  void masksWholeAStringPastTheEmbeddingLimit() {
    String nested = json.createObjectNode().put("ip", "10.8.8.8").toString();
    for (int i = 0; i <= BodyRedactor.MAX_EMBEDDING; i++) {
      nested = json.createObjectNode().put("m", nested).toString();
    }

    String redacted = redactor.redact(nested);

    assertThat(redacted).doesNotContain("10.8.8.8");
  }

  @Test
  void masksPiiInsideAnEventBridgeDetail() throws Exception {
    // Shape: AWS documentation, "Amazon EventBridge events", "Event structure" (see AwsEnvelopes).
    String detail = "{\"user_id\":\"u1\",\"ip\":\"203.0.113.78\",\"device_id\":\"593-47-5929\"}";
    String body = AwsEnvelopes.eventBridgeEvent("6a7e8feb-b491-4cf7-a9f1-bf3703467718", detail, "2017-12-22T18:43:48Z")
        .toString();

    JsonNode redacted = json.readTree(redactor.redact(body));

    assertThat(redacted.at("/detail/ip").asText()).isEqualTo(masker.mask(PiiField.IP, "203.0.113.78"));
    assertThat(redacted.at("/detail/device_id").asText()).isEqualTo(masker.mask(PiiField.DEVICE_ID, "593-47-5929"));
    assertThat(redacted.get("id").asText()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
    assertThat(redacted.toString()).doesNotContain("203.0.113.78", "593-47-5929");
  }

  @Test
  void redactsAnEnvelopesLoginAsABodyOfItsOwn() throws Exception {
    // Shape: AWS documentation, "Amazon SNS message and JSON formats", "HTTP/HTTPS notification JSON format".
    String login = "{\"user_id\":\"u1\",\"ip\":\"203.0.113.79\"}";
    String body = AwsEnvelopes.snsNotification("m-1", login, "2012-05-02T00:54:06.655Z").toString();

    JsonNode redacted = json.readTree(redactor.redactEnvelope(body, "Message"));

    assertThat(json.readTree(redacted.get("Message").asText()).get("ip").asText())
        .isEqualTo(masker.mask(PiiField.IP, "203.0.113.79"));
    assertThat(redacted.get("MessageId").asText()).isEqualTo("m-1");
    assertThat(redacted.at("/MessageAttributes/source/Value").asText()).isEqualTo("login-service");
  }

  @Test
  void masksWholeAnEnvelopesLoginThatCannotBeSearched() throws Exception {
    // A Message that is text, or JSON but no object, is masked whole, as the same login sent bare would be.
    for (String login : new String[] {"ip 203.0.113.80 device 593-47-5930", "[\"203.0.113.80\"]", "\"203.0.113.80\""}) {
      String body = AwsEnvelopes.snsNotification("m-2", login, "2012-05-02T00:54:06.655Z").toString();

      String redacted = redactor.redactEnvelope(body, "Message");

      assertThat(json.readTree(json.readTree(redacted).get("Message").asText()).get(BodyRedactor.MASKED_BODY_KEY).asText())
          .isEqualTo(masker.mask(PiiField.BODY, login));
      assertThat(redacted).doesNotContain("203.0.113.80", "593-47-5930");
    }
    String event = AwsEnvelopes.eventBridgeEvent("e-1", "[\"203.0.113.81\"]", "2017-12-22T18:43:48Z").toString();
    assertThat(json.readTree(redactor.redactEnvelope(event, "detail")).at("/detail/" + BodyRedactor.MASKED_BODY_KEY).asText())
        .isEqualTo(masker.mask(PiiField.BODY, "[\"203.0.113.81\"]"));
  }

  @Test
  void masksWholeAnEnvelopeThatIsNoObject() throws Exception {
    String truncated = AwsEnvelopes.snsNotification("m-3", "{\"ip\":\"203.0.113.82\"}", "2012-05-02T00:54:06.655Z")
        .toString().substring(0, 120);

    JsonNode redacted = json.readTree(redactor.redactEnvelope(truncated, "Message"));

    assertThat(redacted.get(BodyRedactor.MASKED_BODY_KEY).asText()).isEqualTo(masker.mask(PiiField.BODY, truncated));
  }

  @Test
  void keepsANullPiiFieldNull() throws Exception {
    assertThat(json.readTree(redactor.redact("{\"ip\":null}")).get("ip").isNull()).isTrue();
  }

  @Test
  void masksWholeABodyThatIsNotAnObject() throws Exception {
    String truncated = "{\"user_id\":\"u\",\"ip\":\"10.9.8.7\"";

    JsonNode redacted = json.readTree(redactor.redact(truncated));

    assertThat(redacted.get(BodyRedactor.MASKED_BODY_KEY).asText()).isEqualTo(masker.mask(PiiField.BODY, truncated));
    assertThat(redacted.size()).isEqualTo(1);
    assertThat(redactor.redact("[\"10.9.8.7\"]")).doesNotContain("10.9.8.7");
  }

  @Test
  void writesOnlyAsciiSoThatAnyTextColumnHoldsIt() {
    String redacted = redactor.redact("{\"user_id\":\"caf\u00e9 \ud83d\ude00 \\ud800\",\"z\":\"\\u0000\"}");

    assertThat(redacted.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    assertThat(redacted).contains("\\u00E9").contains("\\uD800").contains("\\u0000");
  }
}
