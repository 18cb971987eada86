package dev.loginetl.app.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * RDS IAM tokens as the AWS SDK's {@code RdsUtilities} signs them, locally: no RDS is reachable
 * here, and none is needed to sign. Static test credentials stand for the default chain. The
 * renewal tests count how often the real signer is called while a clock set by the test stands for
 * time passing (the SDK signs with its own clock).
 */
class RdsIamTokenTest {
  private static final String ACCESS_KEY = "AKIDLOGINETLTEST";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private static final String HOST = "db.cluster-abc.eu-west-1.rds.amazonaws.com";
  private final Supplier<String> signer = RdsIamToken.signer(HOST, 5432, "loginetl", Region.EU_WEST_1,
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "test-secret-key")));
  private final AtomicInteger signed = new AtomicInteger();
  private final RdsIamToken tokens = new RdsIamToken(HOST, 5432, "loginetl", Region.EU_WEST_1,
      () -> {
        signed.incrementAndGet();
        return signer.get();
      },
      clock);

  @Test
  void theTokenIsAConnectRequestForTheHostPortAndUserSignedWithTheChainsKey() {
    String token = tokens.current().reveal();
    assertThat(token).startsWith("db.cluster-abc.eu-west-1.rds.amazonaws.com:5432/?");
    String query = URLDecoder.decode(token.substring(token.indexOf('?') + 1), StandardCharsets.UTF_8);
    assertThat(query)
        .contains("Action=connect")
        .contains("DBUser=loginetl")
        .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
        .containsPattern("X-Amz-Credential=" + ACCESS_KEY + "/\\d{8}/eu-west-1/rds-db/aws4_request")
        .containsPattern("X-Amz-Date=\\d{8}T\\d{6}Z")
        .contains("X-Amz-Expires=900")
        .containsPattern("X-Amz-Signature=[0-9a-f]{64}");
  }

  @Test
  void theSameTokenServesUntilItIsTenMinutesOldThenANewOneIsSigned() {
    String first = tokens.current().reveal();
    clock.advance(RdsIamToken.RENEW_AFTER.minusSeconds(1));
    assertThat(tokens.current().reveal()).isEqualTo(first);
    assertThat(signed).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    tokens.current();
    assertThat(signed).as("signed again at ten minutes").hasValue(2);
    clock.advance(RdsIamToken.RENEW_AFTER.minusSeconds(1));
    tokens.current();
    assertThat(signed).as("the renewed token serves for ten minutes from its own signing").hasValue(2);
    assertThat(RdsIamToken.RENEW_AFTER).isLessThan(Duration.ofMinutes(15));
  }

  @Test
  void aRefusedTokenIsReplacedAtOnce() {
    tokens.current();
    tokens.refused();
    tokens.current();
    assertThat(signed).hasValue(2);
  }

  @Test
  void neverPrintsTheToken() {
    assertThat(tokens.current()).hasToString("***");
    assertThat(tokens).hasToString("RdsIamToken[loginetl@db.cluster-abc.eu-west-1.rds.amazonaws.com:5432, eu-west-1]");
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
