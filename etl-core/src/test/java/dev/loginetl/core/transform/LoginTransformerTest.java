package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.Masker;
import dev.loginetl.core.testing.SampleData;
import dev.loginetl.core.testing.TestMasker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginTransformerTest {
  private static final Instant SENT = Instant.parse("2026-11-20T23:59:59.500Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final TestMasker masker = new TestMasker();
  private final LoginTransformer transformer = new LoginTransformer(masker, CLOCK);

  private static ReceivedMessage message(String id, String body, Instant sent) {
    return new ReceivedMessage(id, body, sent, 1, id);
  }

  private LoginRow row(String body) {
    Outcome outcome = transformer.transform(message("m", body, SENT));
    assertThat(outcome).isInstanceOf(Outcome.Parsed.class);
    return ((Outcome.Parsed) outcome).row();
  }

  private Rejection rejection(String body) {
    Outcome outcome = transformer.transform(message("m", body, SENT));
    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    return ((Outcome.Rejected) outcome).rejection();
  }

  @Test
  void turnsTheSampleIntoNinetyNineRowsAndOneRejection() {
    List<String> bodies = SampleData.bodies();
    List<LoginRow> rows = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      transformer.transform(message("m" + i, bodies.get(i), SENT))
          .fold(parsed -> rows.add(parsed.row()), rejected -> rejections.add(rejected.rejection()));
    }

    assertThat(bodies).hasSize(100);
    assertThat(rows).hasSize(99);
    assertThat(rejections).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(RejectReason.MISSING_FIELD);
      assertThat(r.detail()).isEqualTo("field 'user_id' is missing or null");
      assertThat(r.redactedBody()).isEqualTo("{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}");
    });
    assertThat(rows).filteredOn(r -> r.locale() == null).hasSize(29);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.createDate()).isEqualTo(LocalDate.of(2026, 11, 20));
      assertThat(r.maskedIp()).startsWith("test:ip:");
      assertThat(r.maskedDeviceId()).startsWith("test:device_id:");
      assertThat(r.appVersion()).isNotNull();
    });
    LoginRow first = rows.get(0);
    assertThat(first.userId()).isEqualTo("424cdd21-063a-43a7-b91b-7ca1a833afae");
    assertThat(first.deviceType()).isEqualTo("android");
    assertThat(first.locale()).isEqualTo("RU");
    assertThat(first.appVersion()).isEqualTo(2_003_000);
    assertThat(first.appVersionRaw()).isEqualTo("2.3.0");
    assertThat(first.maskedIp()).isEqualTo(masker.mask(PiiField.IP, "199.172.111.135"));
    assertThat(first.maskedDeviceId()).isEqualTo(masker.mask(PiiField.DEVICE_ID, "593-47-5928"));
    assertThat(rows).filteredOn(r -> "0.60".equals(r.appVersionRaw())).extracting(LoginRow::appVersion).containsOnly(60_000);
    assertThat(rows).filteredOn(r -> "9.10".equals(r.appVersionRaw())).extracting(LoginRow::appVersion).containsOnly(9_010_000);
  }

  @Test
  void masksTheCanonicalIpSoThatSpellingsMatch() {
    assertThat(row("{\"user_id\":\"u\",\"ip\":\"2001:DB8::1\"}").maskedIp())
        .isEqualTo(row("{\"user_id\":\"u\",\"ip\":\"2001:0db8:0:0:0:0:0:1\"}").maskedIp())
        .isEqualTo(masker.mask(PiiField.IP, "2001:db8::1"));
  }

  @Test
  void leavesNullsUnmaskedAndUnencoded() {
    LoginRow row = row("{\"user_id\":\"u\"}");

    assertThat(row.maskedIp()).isNull();
    assertThat(row.maskedDeviceId()).isNull();
    assertThat(row.appVersion()).isNull();
    assertThat(row.appVersionRaw()).isNull();
  }

  @Test
  void keepsAVersionWithoutAnEncodingAsRawText() {
    LoginRow row = row("{\"user_id\":\"u\",\"app_version\":\"2.3.0-beta\"}");

    assertThat(row.appVersion()).isNull();
    assertThat(row.appVersionRaw()).isEqualTo("2.3.0-beta");
  }

  @Test
  void datesTheRowBySentTimestampInUtc() {
    Instant lateEvening = Instant.parse("2026-03-01T23:30:00Z");

    Outcome outcome = transformer.transform(message("m", "{\"user_id\":\"u\"}", lateEvening));

    assertThat(((Outcome.Parsed) outcome).row().createDate()).isEqualTo(LocalDate.of(2026, 3, 1));
  }

  @Test
  void datesTheRowByTheClockWhenTheSourceGaveNoTimestamp() {
    Outcome outcome = transformer.transform(message("m", "{\"user_id\":\"u\"}", null));

    assertThat(((Outcome.Parsed) outcome).row().createDate()).isEqualTo(LocalDate.of(2030, 1, 2));
  }

  @Test
  void rejectsAValueWhoseMaskWouldNotFitItsColumn() {
    Masker growing = (field, value) -> "grow:" + value.repeat(3).replace('5', 'x');
    LoginTransformer transformer = new LoginTransformer(growing, CLOCK);

    Outcome outcome = transformer.transform(message("m", "{\"user_id\":\"u\",\"device_id\":\"" + "5".repeat(100) + "\"}", SENT));

    Rejection rejection = ((Outcome.Rejected) outcome).rejection();
    assertThat(rejection.reason()).isEqualTo(RejectReason.TOO_LONG);
    assertThat(rejection.detail()).isEqualTo("field 'device_id' is too long to mask within the 256 characters of its column");
  }

  @Test
  void keepsARejectedBodyWithItsPiiMasked() {
    Rejection rejection = rejection("{\"user_id\":12,\"ip\":\"10.20.30.40\",\"device_id\":\"111-22-3333\"}");

    assertThat(rejection.reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(rejection.messageId()).isEqualTo("m");
    assertThat(rejection.redactedBody()).doesNotContain("10.20.30.40").doesNotContain("111-22-3333")
        .contains(masker.mask(PiiField.IP, "10.20.30.40"));
  }

  @Test
  void countsExtraFields() {
    Outcome outcome = transformer.transform(message("m", "{\"user_id\":\"u\",\"a\":1,\"b\":2}", SENT));

    assertThat(((Outcome.Parsed) outcome).ignoredFields()).isEqualTo(2);
  }
}
