package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.postgres.internal.Transport;
import org.junit.jupiter.api.Test;

/** When the sink requires TLS, what counts as this machine, and the plain-text warning. No server. */
class TransportTest {

  @Test
  void onlyRequireAndTheVerifyModesRequireTls() {
    assertThat(Transport.requiresTls("jdbc:postgresql://db.example/x?sslmode=verify-full")).isTrue();
    assertThat(Transport.requiresTls("jdbc:postgresql://db.example/x?sslmode=verify-ca")).isTrue();
    assertThat(Transport.requiresTls("jdbc:postgresql://db.example/x?sslmode=require")).isTrue();
    assertThat(Transport.requiresTls("jdbc:postgresql://db.example/x?sslmode=prefer")).isFalse();
    assertThat(Transport.requiresTls("jdbc:postgresql://db.example/x?sslmode=allow")).isFalse();
    assertThat(Transport.requiresTls("jdbc:postgresql://db.example/x?sslmode=disable")).isFalse();
    assertThat(Transport.requiresTls("jdbc:postgresql://db.example/x")).isFalse();
  }

  @Test
  void loopbackMeansEveryHostIsThisMachine() {
    assertThat(Transport.isLoopbackOnly("jdbc:postgresql://localhost:5432/x")).isTrue();
    assertThat(Transport.isLoopbackOnly("jdbc:postgresql://127.0.0.1:5432,[::1]:5433/x")).isTrue();
    assertThat(Transport.isLoopbackOnly("jdbc:postgresql://127.0.0.1:5432,db.example:5432/x")).isFalse();
    assertThat(Transport.isLoopbackOnly("jdbc:postgresql://10.0.0.5/x")).isFalse();
  }

  @Test
  void warnsOnceForARemoteServerWithoutTlsAndNeverForLoopbackOrTls() {
    assertThat(Transport.warnIfPlaintext("jdbc:postgresql://localhost/x")).isFalse();
    assertThat(Transport.warnIfPlaintext("jdbc:postgresql://db.example/x?sslmode=verify-full")).isFalse();
    assertThat(Transport.warnIfPlaintext("jdbc:postgresql://db.example/x?sslmode=prefer")).isTrue();
    assertThat(Transport.warnIfPlaintext("jdbc:postgresql://db.example/x")).as("once per process").isFalse();
  }
}
