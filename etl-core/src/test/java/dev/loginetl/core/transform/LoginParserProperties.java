package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginEvent;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.testing.GeneratedLogin;
import dev.loginetl.core.testing.InvalidLogin;
import dev.loginetl.core.testing.LoginArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The parser's rules (docs/rules.md, "The rules", 1 to 4): which bodies are rejected, for which reason,
 * naming which field, and what a valid body reads as. Expectations come from the generated models,
 * never from the code under test.
 */
class LoginParserProperties {

  /** Every rule a body can break, as (reason, field named); a run must try each of them. */
  private static final List<List<Object>> RULES = rules();

  @Property(tries = 1000)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void aBodyBreakingOneRuleIsRejectedForThatRuleNamingItsField(@ForAll("invalidLogins") InvalidLogin login) {
    Statistics.label("rule").collect(login.reason(), String.valueOf(login.field()));

    ParseResult result = LoginParser.parse(login.body());

    assertThat(result).as(login.kind()).isInstanceOf(ParseResult.Invalid.class);
    ParseResult.Invalid invalid = (ParseResult.Invalid) result;
    assertThat(invalid.reason()).as(login.kind()).isEqualTo(login.reason());
    assertThat(invalid.detail())
        .as(login.kind())
        .startsWith(login.field() == null ? "the body " : "field '" + login.field() + "' ");
    long quoted = login.planted().stream().filter(invalid.detail()::contains).count();
    assertThat(quoted).as("values of the body quoted by the detail of %s", login).isZero();

    Statistics.label("rule").coverage(coverage -> RULES.forEach(rule -> coverage.check(rule.toArray()).count(n -> n > 0)));
  }

  @Property(tries = 300)
  void aValidLoginSentAsUtf8BytesReadsAsTheValuesSent(@ForAll("validLogins") GeneratedLogin login) {
    ParseResult result = LoginParser.parse(login.body().getBytes(StandardCharsets.UTF_8));

    assertThat(result).isEqualTo(new ParseResult.Valid(new LoginEvent(
        login.userId(),
        login.deviceType().orNull(),
        login.canonicalIp(),
        login.deviceId().orNull(),
        login.locale().orNull(),
        login.appVersionText(),
        login.extras().size())));
  }

  @Property(tries = 300)
  void bytesThatAreNotUtf8AreRejectedAsNotJson(
      @ForAll("validLogins") GeneratedLogin login,
      @ForAll("notUtf8") byte[] notUtf8,
      @ForAll @DoubleRange(min = 0, max = 1) double where) {
    byte[] utf8 = login.body().getBytes(StandardCharsets.UTF_8);
    int at = (int) (where * utf8.length);
    byte[] body = new byte[utf8.length + notUtf8.length];
    System.arraycopy(utf8, 0, body, 0, at);
    System.arraycopy(notUtf8, 0, body, at, notUtf8.length);
    System.arraycopy(utf8, at, body, at + notUtf8.length, utf8.length - at);

    ParseResult result = LoginParser.parse(body);

    assertThat(result).isEqualTo(new ParseResult.Invalid(RejectReason.NOT_JSON, "the body is not valid UTF-8"));
  }

  @Property(tries = 1000)
  void aRejectionNeverQuotesAValueFromTheBody(@ForAll("hostileLogins") LoginArbitraries.Hostile login) {
    ParseResult result = LoginParser.parse(login.body());

    if (result instanceof ParseResult.Invalid invalid) {
      assertThat(invalid.detail()).doesNotContain(login.marker());
    }
  }

  /** Totality: whatever the text, parsing gives a result and throws nothing. */
  @Property(tries = 500)
  void parsingAnyTextGivesAResult(@ForAll("anyText") String body) {
    assertThat(LoginParser.parse(body)).isNotNull();
  }

  /** Totality: whatever the bytes, parsing gives a result and throws nothing. */
  @Property(tries = 500)
  void parsingAnyBytesGivesAResult(@ForAll byte[] body) {
    assertThat(LoginParser.parse(body)).isNotNull();
  }

  @Provide
  Arbitrary<InvalidLogin> invalidLogins() {
    return LoginArbitraries.invalidLogins();
  }

  @Provide
  Arbitrary<GeneratedLogin> validLogins() {
    return LoginArbitraries.validLogins();
  }

  @Provide
  Arbitrary<byte[]> notUtf8() {
    return LoginArbitraries.notUtf8Sequences();
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(Arbitraries.strings(), LoginArbitraries.jsonLikeBodies());
  }

  @Provide
  Arbitrary<LoginArbitraries.Hostile> hostileLogins() {
    return LoginArbitraries.hostileLogins();
  }

  private static List<List<Object>> rules() {
    List<List<Object>> rules = new ArrayList<>();
    rules.add(List.of(RejectReason.NOT_JSON, "null"));
    rules.add(List.of(RejectReason.NOT_OBJECT, "null"));
    rules.add(List.of(RejectReason.MISSING_FIELD, "user_id"));
    for (String field : GeneratedLogin.FIELDS_READ) {
      rules.add(List.of(RejectReason.WRONG_TYPE, field));
      rules.add(List.of(RejectReason.INVALID_TEXT, field));
      rules.add(List.of(RejectReason.DUPLICATE_FIELD, field));
    }
    for (String field : List.of("user_id", "device_type", "locale", "app_version")) {
      rules.add(List.of(RejectReason.TOO_LONG, field));
    }
    return List.copyOf(rules);
  }
}
