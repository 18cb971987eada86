package dev.loginetl.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginEvent;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.transform.LoginParser;
import dev.loginetl.core.transform.ParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageGeneratorTest {
  private static final int COUNT = 50_000;

  private static List<MessageGenerator.Generated> generate(long seed, int count) {
    MessageGenerator generator = new MessageGenerator(seed);
    List<MessageGenerator.Generated> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(generator.next());
    }
    return all;
  }

  @Test
  void sameSeedGivesSameBodiesInSameOrder() {
    assertThat(generate(7, 2_000)).isEqualTo(generate(7, 2_000));
    assertThat(generate(7, 2_000)).isNotEqualTo(generate(8, 2_000));
  }

  @Test
  void aboutOnePercentIsMalformedAndCounted() {
    MessageGenerator generator = new MessageGenerator(42);
    int malformed = 0;
    for (int i = 0; i < COUNT; i++) {
      malformed += generator.next().malformed() ? 1 : 0;
    }
    assertThat(generator.made()).isEqualTo(COUNT);
    assertThat(generator.malformed()).isEqualTo(malformed);
    assertThat(malformed).isBetween(COUNT / 100 * 8 / 10, COUNT / 100 * 12 / 10);
  }

  @Test
  void everyValidBodyParsesAndEveryMalformedOneIsRejectedForItsKind() {
    Map<MessageGenerator.Kind, RejectReason> expected = Map.of(
        MessageGenerator.Kind.WRONG_SHAPE, RejectReason.MISSING_FIELD,
        MessageGenerator.Kind.NOT_JSON, RejectReason.NOT_JSON,
        MessageGenerator.Kind.WRONG_TYPE, RejectReason.WRONG_TYPE);
    Set<MessageGenerator.Kind> seen = new HashSet<>();
    for (MessageGenerator.Generated generated : generate(42, COUNT)) {
      ParseResult result = LoginParser.parse(generated.body());
      seen.add(generated.kind());
      if (generated.malformed()) {
        assertThat(result).as(generated.kind().name()).isInstanceOf(ParseResult.Invalid.class);
        assertThat(((ParseResult.Invalid) result).reason()).isEqualTo(expected.get(generated.kind()));
      } else {
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(MessageGenerator.Kind.values());
  }

  @Test
  void validBodiesAreShapedLikeTheSample() {
    int valid = 0;
    int nullLocales = 0;
    int bytes = 0;
    for (MessageGenerator.Generated generated : generate(42, COUNT)) {
      if (generated.malformed()) {
        continue;
      }
      valid++;
      bytes += generated.body().length();
      LoginEvent event = ((ParseResult.Valid) LoginParser.parse(generated.body())).event();
      assertThat(event.userId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(event.appVersion()).matches("\\d\\.(\\d\\.\\d|\\d\\d|\\d)");
      assertThat(event.deviceType()).isIn("ios", "android");
      assertThat(event.ip()).matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
      assertThat(event.deviceId()).matches("\\d{3}-\\d{2}-\\d{4}");
      if (event.locale() == null) {
        nullLocales++;
      } else {
        assertThat(event.locale()).matches("[A-Z]{2}");
      }
      assertThat(event.ignoredFields()).isZero();
    }
    assertThat(nullLocales * 100.0 / valid).isBetween(26.0, 32.0);
    assertThat(bytes / valid).isBetween(140, 170);
  }

  @Test
  void ipsDeviceIdsAndUsersRepeat() {
    Set<String> ips = new HashSet<>();
    Set<String> devices = new HashSet<>();
    Set<String> users = new HashSet<>();
    int valid = 0;
    for (MessageGenerator.Generated generated : generate(42, COUNT)) {
      if (!generated.malformed()) {
        valid++;
        LoginEvent event = ((ParseResult.Valid) LoginParser.parse(generated.body())).event();
        ips.add(event.ip());
        devices.add(event.deviceId());
        users.add(event.userId());
      }
    }
    assertThat(ips).hasSizeLessThanOrEqualTo(MessageGenerator.DEFAULT_DEVICES);
    assertThat(devices).hasSizeLessThanOrEqualTo(MessageGenerator.DEFAULT_DEVICES);
    assertThat(users.size()).isLessThan(valid);
    assertThat(ips.size()).isLessThan(valid / 4);
  }
}
