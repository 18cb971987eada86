package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.testing.TestMasker;
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
