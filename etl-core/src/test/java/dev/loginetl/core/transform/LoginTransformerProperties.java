package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.Masker;
import dev.loginetl.core.testing.GeneratedLogin;
import dev.loginetl.core.testing.InvalidLogin;
import dev.loginetl.core.testing.Json;
import dev.loginetl.core.testing.LoginArbitraries;
import dev.loginetl.core.testing.TestMasker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rules that turn a valid login into its row (docs/rules.md, "The rules", 2 to 8) and keep a rejected
 * body without personal data, stated over generated logins: every optional field absent, null or
 * set, any Unicode text, ips in any spelling, versions of many forms, bodies in any member order,
 * whitespace and escapes, with fields no rule reads. What the row must hold is read off the
 * generated model, never computed by the code under test; masks come from deterministic test
 * maskers.
 *
 * <p>Failures print no ip or device id: the models' {@code toString} hides them, and jqwik's seed
 * replays a failing run.
 */
class LoginTransformerProperties {
  private static final String MESSAGE_ID = "m-1";
  private static final TestMasker MASKER = new TestMasker();

  /** Masks as a reversible masker does: the longer the value, the longer the mask. */
  private static final Masker GROWING_MASKER =
      (field, value) -> MASKER.mask(field, value) + ":" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));

  /**
   * The test masker, except that an ip or device_id holding a JSON structure (its text starts with
   * a bracket) gets one fixed mask: the property then need not know how the structure is spelled
   * before masking.
   */
  private static final Masker STRUCTURE_BLIND_MASKER = (field, value) -> field != PiiField.BODY
          && (value.startsWith("{") || value.startsWith("["))
      ? "test:" + field.jsonName() + ":structure"
      : MASKER.mask(field, value);

  @Property(tries = 1000)
  void aValidLoginBecomesTheRowTheRulesDescribe(
      @ForAll("validLogins") GeneratedLogin login,
      @ForAll("timestamps") Instant sent,
      @ForAll("timestamps") Instant processed,
      @ForAll boolean sourceGaveSentTimestamp) {
    LoginTransformer transformer = new LoginTransformer(MASKER, Clock.fixed(processed, ZoneOffset.UTC));

    Outcome outcome = transformer.transform(message(login.body(), sourceGaveSentTimestamp ? sent : null));

    LoginRow expected = new LoginRow(
        MESSAGE_ID,
        MESSAGE_ID,
        login.userId(),
        login.deviceType().orNull(),
        maskOrNull(MASKER, PiiField.IP, login.canonicalIp()),
        maskOrNull(MASKER, PiiField.DEVICE_ID, login.deviceId().orNull()),
        login.locale().orNull(),
        login.appVersionEncoding(),
        login.appVersionText(),
        utcDate(sourceGaveSentTimestamp ? sent : processed),
        maskOrNull(MASKER, PiiField.IP_NETWORK, IpNetworkText.defaultNetwork(login.canonicalIp())),
        null, null, null);
    assertThat(outcome).isInstanceOf(Outcome.Parsed.class);
    assertThat(((Outcome.Parsed) outcome).row()).usingRecursiveComparison().isEqualTo(expected);
    assertThat(((Outcome.Parsed) outcome).ignoredFields()).as("fields ignored and counted").isEqualTo(login.extras().size());
  }

  @Property(tries = 300)
  void aMaskThatWouldNotFitItsColumnRejectsTheLoginNamingItsField(
      @ForAll("loginsWithLongPii") GeneratedLogin login, @ForAll("timestamps") Instant sent) {
    String maskedIp = maskOrNull(GROWING_MASKER, PiiField.IP, login.canonicalIp());
    String maskedDeviceId = maskOrNull(GROWING_MASKER, PiiField.DEVICE_ID, login.deviceId().orNull());
    LoginTransformer transformer = new LoginTransformer(GROWING_MASKER, Clock.systemUTC());

    Outcome outcome = transformer.transform(message(login.body(), sent));

    String tooLong = fitsColumn(maskedIp) ? (fitsColumn(maskedDeviceId) ? null : "device_id") : "ip";
    if (tooLong == null) {
      assertThat(outcome).isInstanceOf(Outcome.Parsed.class);
      LoginRow row = ((Outcome.Parsed) outcome).row();
      assertThat(row.maskedIp()).isEqualTo(maskedIp);
      assertThat(row.maskedDeviceId()).isEqualTo(maskedDeviceId);
    } else {
      assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
      Rejection rejection = ((Outcome.Rejected) outcome).rejection();
      assertThat(rejection.messageId()).isEqualTo(MESSAGE_ID);
      assertThat(rejection.reason()).isEqualTo(RejectReason.TOO_LONG);
      assertThat(rejection.detail()).startsWith("field '" + tooLong + "' ");
    }
  }

  @Property(tries = 500)
  void aRejectedBodyIsKeptAsSentWithEveryIpAndDeviceIdMasked(
      @ForAll("invalidLogins") InvalidLogin login, @ForAll("timestamps") Instant sent) {
    Outcome outcome = new LoginTransformer(STRUCTURE_BLIND_MASKER, Clock.systemUTC()).transform(message(login.body(), sent));

    assertThat(outcome).as(login.kind()).isInstanceOf(Outcome.Rejected.class);
    String redacted = ((Outcome.Rejected) outcome).rejection().redactedBody();
    assertThat(redacted.chars().allMatch(c -> c < 0x80)).as("the kept body of %s is ASCII", login).isTrue();
    if (login.document() == null) {
      String maskedWhole = "{\"masked_body\":\"" + STRUCTURE_BLIND_MASKER.mask(PiiField.BODY, login.body()) + "\"}";
      assertThat(redacted.equals(maskedWhole)).as("%s is kept masked whole", login).isTrue();
    } else {
      String expected = redacted(login.document()).canonical();
      assertThat(Json.read(redacted).canonical().equals(expected))
          .as("%s is kept member for member, ip and device_id masked", login)
          .isTrue();
    }
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
  Arbitrary<GeneratedLogin> loginsWithLongPii() {
    return LoginArbitraries.loginsWithLongPii();
  }

  @Provide
  Arbitrary<Instant> timestamps() {
    return LoginArbitraries.sentTimestamps();
  }

  /**
   * The rule for a body kept with its rejection: every ip and device_id value, at any depth,
   * replaced by the mask of its text as a string; a JSON null stays null; all else as sent.
   */
  private static Json redacted(Json value) {
    if (value instanceof Json.Arr arr) {
      return new Json.Arr(arr.items().stream().map(LoginTransformerProperties::redacted).toList());
    }
    if (!(value instanceof Json.Obj obj)) {
      return value;
    }
    List<Json.Member> members = new ArrayList<>();
    for (Json.Member member : obj.members()) {
      PiiField pii = member.name().equals("ip") ? PiiField.IP : member.name().equals("device_id") ? PiiField.DEVICE_ID : null;
      Json kept = pii == null || member.value().equals(Json.NULL) ? redacted(member.value())
          : new Json.Str(STRUCTURE_BLIND_MASKER.mask(pii, textOf(member.value())));
      members.add(new Json.Member(member.name(), kept));
    }
    return new Json.Obj(members);
  }

  private static String textOf(Json scalarOrStructure) {
    if (scalarOrStructure instanceof Json.Str str) {
      return str.text();
    }
    if (scalarOrStructure instanceof Json.Num num) {
      return num.literal();
    }
    if (scalarOrStructure instanceof Json.Word word) {
      return word.word();
    }
    return "{structure}";
  }

  private static ReceivedMessage message(String body, Instant sent) {
    return new ReceivedMessage(MESSAGE_ID, body, sent, 1, "handle");
  }

  private static String maskOrNull(Masker masker, PiiField field, String value) {
    return value == null ? null : masker.mask(field, value);
  }

  private static boolean fitsColumn(String mask) {
    return mask == null || mask.length() <= 256;
  }

  /** The UTC date of an instant: whole days since the epoch, rounded down. */
  private static LocalDate utcDate(Instant instant) {
    return LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L));
  }
}
