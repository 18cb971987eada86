package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginEvent;
import dev.loginetl.core.model.RejectReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginParserTest {

  private static LoginEvent valid(String body) {
    ParseResult result = LoginParser.parse(body);
    assertThat(result).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) result).event();
  }

  private static ParseResult.Invalid invalid(String body) {
    ParseResult result = LoginParser.parse(body);
    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    return (ParseResult.Invalid) result;
  }

  @Test
  void readsEveryFieldOfAWellFormedLogin() {
    LoginEvent event = valid(
        "{\"user_id\":\"424cdd21-063a-43a7-b91b-7ca1a833afae\",\"app_version\":\"2.3.0\","
            + "\"device_type\":\"android\",\"ip\":\"199.172.111.135\",\"locale\":\"RU\",\"device_id\":\"593-47-5928\"}");

    assertThat(event.userId()).isEqualTo("424cdd21-063a-43a7-b91b-7ca1a833afae");
    assertThat(event.appVersion()).isEqualTo("2.3.0");
    assertThat(event.deviceType()).isEqualTo("android");
    assertThat(event.ip()).isEqualTo("199.172.111.135");
    assertThat(event.locale()).isEqualTo("RU");
    assertThat(event.deviceId()).isEqualTo("593-47-5928");
    assertThat(event.ignoredFields()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "nope", "{\"user_id\":\"a\",}", "{\"user_id\":\"a\"} trailing", "{'user_id':'a'}", "\"unterminated"})
  void rejectsABodyThatIsNotJson(String body) {
    ParseResult.Invalid result = invalid(body);

    assertThat(result.reason()).isEqualTo(RejectReason.NOT_JSON);
    assertThat(result.detail()).startsWith("the body is not valid JSON");
  }

  @Test
  void rejectsAnEmptyBodySayingSo() {
    assertThat(invalid("  ").detail()).isEqualTo("the body is empty");
    assertThat(invalid("").reason()).isEqualTo(RejectReason.NOT_JSON);
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] latin1 = "{\"user_id\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    ParseResult result = LoginParser.parse(latin1);

    assertThat(result).isEqualTo(new ParseResult.Invalid(RejectReason.NOT_JSON, "the body is not valid UTF-8"));
  }

  @Test
  void acceptsUtf8Bytes() {
    ParseResult result = LoginParser.parse("{\"user_id\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(((ParseResult.Valid) result).event().userId()).isEqualTo("caf\u00e9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"a string\"", "42", "true", "null"})
  void rejectsJsonThatIsNotAnObject(String body) {
    assertThat(invalid(body).reason()).isEqualTo(RejectReason.NOT_OBJECT);
  }

  @Test
  void rejectsAnArrayNamingWhatItIs() {
    assertThat(invalid("[{\"user_id\":\"a\"}]").detail()).isEqualTo("the body is an array, not a JSON object");
  }

  @Test
  void rejectsTheExercisesWrongShapeMessageForItsMissingUserId() {
    ParseResult.Invalid result = invalid("{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}");

    assertThat(result.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(result.detail()).isEqualTo("field 'user_id' is missing or null");
  }

  @Test
  void rejectsNullAndBlankUserIds() {
    assertThat(invalid("{\"user_id\":null}").reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(invalid("{\"user_id\":\" \\t \"}").detail()).isEqualTo("field 'user_id' is blank");
  }

  @Test
  void rejectsAUserIdThatIsNotAString() {
    ParseResult.Invalid result = invalid("{\"user_id\":12345}");

    assertThat(result.reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(result.detail()).isEqualTo("field 'user_id' must be a JSON string, found a number");
  }

  @Test
  void acceptsAUserIdOf128CharactersCountingCodePoints() {
    String astral = "\ud83d\ude00".repeat(128); // 256 UTF-16 units, 128 characters

    assertThat(valid("{\"user_id\":\"" + astral + "\"}").userId()).isEqualTo(astral);
  }

  @Test
  void rejectsAUserIdOf129Characters() {
    ParseResult.Invalid result = invalid("{\"user_id\":\"" + "u".repeat(129) + "\"}");

    assertThat(result.reason()).isEqualTo(RejectReason.TOO_LONG);
    assertThat(result.detail()).isEqualTo("field 'user_id' is 129 characters long; its column holds at most 128");
  }

  @Test
  void turnsMissingAndNullOptionalFieldsIntoNull() {
    LoginEvent event = valid("{\"user_id\":\"u\",\"locale\":null,\"ip\":null}");

    assertThat(event.deviceType()).isNull();
    assertThat(event.ip()).isNull();
    assertThat(event.deviceId()).isNull();
    assertThat(event.locale()).isNull();
    assertThat(event.appVersion()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"device_type", "ip", "device_id", "locale"})
  void rejectsANonStringOptionalFieldNamingIt(String field) {
    ParseResult.Invalid result = invalid("{\"user_id\":\"u\",\"" + field + "\":{\"nested\":1}}");

    assertThat(result.reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(result.detail()).isEqualTo("field '" + field + "' must be a JSON string, found an object");
  }

  @Test
  void acceptsANumericAppVersionAsItsText() {
    assertThat(valid("{\"user_id\":\"u\",\"app_version\":2.30}").appVersion()).isEqualTo("2.30");
    assertThat(valid("{\"user_id\":\"u\",\"app_version\":7}").appVersion()).isEqualTo("7");
  }

  @Test
  void rejectsABooleanAppVersion() {
    assertThat(invalid("{\"user_id\":\"u\",\"app_version\":true}").detail())
        .isEqualTo("field 'app_version' must be a JSON string or number, found a boolean");
  }

  @Test
  void rejectsDeviceTypeAndLocaleLongerThanTheirColumns() {
    assertThat(invalid("{\"user_id\":\"u\",\"device_type\":\"" + "d".repeat(33) + "\"}").detail())
        .isEqualTo("field 'device_type' is 33 characters long; its column holds at most 32");
    assertThat(invalid("{\"user_id\":\"u\",\"locale\":\"" + "l".repeat(33) + "\"}").reason())
        .isEqualTo(RejectReason.TOO_LONG);
    assertThat(valid("{\"user_id\":\"u\",\"locale\":\"" + "l".repeat(32) + "\"}").locale()).hasSize(32);
  }

  @Test
  void rejectsAKeptStringHoldingU0000() {
    ParseResult.Invalid result = invalid("{\"user_id\":\"u\",\"device_type\":\"and\\u0000roid\"}");

    assertThat(result.reason()).isEqualTo(RejectReason.INVALID_TEXT);
    assertThat(result.detail()).isEqualTo("field 'device_type' contains U+0000, which PostgreSQL text cannot hold");
  }

  @Test
  void rejectsAnUnpairedSurrogate() {
    assertThat(invalid("{\"user_id\":\"u\\ud800x\"}").reason()).isEqualTo(RejectReason.INVALID_TEXT);
    assertThat(invalid("{\"user_id\":\"u\\udc00\"}").reason()).isEqualTo(RejectReason.INVALID_TEXT);
  }

  @Test
  void ignoresU0000InFieldsItDoesNotKeep() {
    assertThat(valid("{\"user_id\":\"u\",\"other\":\"\\u0000\"}").ignoredFields()).isEqualTo(1);
  }

  @Test
  void canonicalisesIpLiteralsSoThatSpellingsOfOneAddressAgree() {
    String upper = valid("{\"user_id\":\"u\",\"ip\":\"2001:DB8::1\"}").ip();
    String longForm = valid("{\"user_id\":\"u\",\"ip\":\"2001:0db8:0:0:0:0:0:1\"}").ip();

    assertThat(upper).isEqualTo(longForm).isEqualTo("2001:db8::1");
  }

  @Test
  void keepsAnIpThatIsNotALiteralAsGiven() {
    assertThat(valid("{\"user_id\":\"u\",\"ip\":\"not-an-ip\"}").ip()).isEqualTo("not-an-ip");
    assertThat(valid("{\"user_id\":\"u\",\"ip\":\"fe80::1%eth0\"}").ip()).isEqualTo("fe80::1%eth0");
  }

  @Test
  void keepsAnIpWithDigitsOfAnotherScriptAsGiven() {
    String fullwidth = "\uff11.\uff12.\uff13.\uff14";
    String arabicIndic = "\u0660:0::160.181.5.94";

    assertThat(valid("{\"user_id\":\"u\",\"ip\":\"" + fullwidth + "\"}").ip()).isEqualTo(fullwidth);
    assertThat(valid("{\"user_id\":\"u\",\"ip\":\"" + arabicIndic + "\"}").ip()).isEqualTo(arabicIndic);
  }

  @Test
  void rejectsAKnownFieldGivenTwice() {
    ParseResult.Invalid result = invalid("{\"user_id\":\"a\",\"ip\":\"1.2.3.4\",\"ip\":\"5.6.7.8\"}");

    assertThat(result.reason()).isEqualTo(RejectReason.DUPLICATE_FIELD);
    assertThat(result.detail()).isEqualTo("field 'ip' appears more than once");
  }

  @Test
  void ignoresAndCountsExtraFieldsEvenWhenRepeated() {
    LoginEvent event = valid("{\"user_id\":\"u\",\"x\":[1,{\"y\":2}],\"x\":3,\"z\":null}");

    assertThat(event.ignoredFields()).isEqualTo(3);
  }

  @Test
  void reportsTheFirstBrokenRuleInBodyOrder() {
    ParseResult.Invalid result = invalid("{\"locale\":5,\"device_type\":\"" + "d".repeat(40) + "\"}");

    assertThat(result.reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(result.detail()).contains("'locale'");
  }

  @Test
  void reportsBrokenSyntaxBeforeAnyFieldRule() {
    assertThat(invalid("{\"user_id\":5,").reason()).isEqualTo(RejectReason.NOT_JSON);
  }

  @Test
  void rejectsNestingBeyondTheLimitWithoutFailing() {
    String deep = "{\"user_id\":\"u\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    ParseResult.Invalid result = invalid(deep);

    assertThat(result.reason()).isEqualTo(RejectReason.NOT_JSON);
    assertThat(result.detail()).startsWith("the body exceeds a reading limit");
  }

  @Test
  void neverQuotesTheBodyInADetail() {
    String secret = "SECRET-VALUE-93731";

    assertThat(invalid("{\"user_id\":\"" + secret + "\",\"device_type\":" + "{\"" + secret + "\":1}}").detail())
        .doesNotContain(secret);
    assertThat(invalid("{\"ip\":\"" + secret + "\" " + secret).detail()).doesNotContain(secret);
    assertThat(invalid("[\"" + secret + "\"]").detail()).doesNotContain(secret);
  }
}
