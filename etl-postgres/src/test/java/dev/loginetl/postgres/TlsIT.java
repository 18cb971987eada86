package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.postgres.testing.DebianPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to PostgreSQL with {@code sslmode=verify-full} and {@code sslrootcert}, end to end.
 *
 * <p>Real server: Debian's PostgreSQL 15 ({@link DebianPostgres}) with {@code ssl=on}, serving a
 * certificate for {@code 127.0.0.1} (CN and IP subject alternative name) that a CA made here with
 * the {@code openssl} program signed. A second CA, which signed nothing the server has, stands for
 * a wrong bundle; {@code localhost}, a name the certificate does not carry although it reaches the
 * same server, stands for a wrong host name.
 */
@Tag("tools") // needs Debian's PostgreSQL 15 and openssl: the tools tier (-Ptools)
class TlsIT {
  private static final String SCHEMA = "tls";

  @TempDir static Path dir;
  private static DebianPostgres server;
  private static Path ca;
  private static Path otherCa;

  @BeforeAll
  static void startServerWithTls() {
    ca = dir.resolve("ca.crt");
    otherCa = dir.resolve("other-ca.crt");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=loginetl test CA",
        "-keyout", dir.resolve("ca.key").toString(), "-out", ca.toString());
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=some other CA",
        "-keyout", dir.resolve("other-ca.key").toString(), "-out", otherCa.toString());
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.csr").toString());
    write(dir.resolve("san.ext"), "subjectAltName = IP:127.0.0.1\n");
    openssl("x509", "-req", "-days", "2", "-in", dir.resolve("server.csr").toString(),
        "-CA", ca.toString(), "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial",
        "-extfile", dir.resolve("san.ext").toString(), "-out", dir.resolve("server.crt").toString());
    server = DebianPostgres.startWithTls(dir.resolve("server.crt"), dir.resolve("server.key"));
    PostgresSchema.migrate(config("127.0.0.1", "sslmode=verify-full&sslrootcert=" + ca));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theSinkWritesThroughVerifyFullAndEveryConnectionIsEncrypted() {
    String url = "sslmode=verify-full&sslrootcert=" + ca;
    try (PostgresLoginSink sink = PostgresLoginSink.open(config("127.0.0.1", url))) {
      sink.write(rows("verify-full-", 40), List.of());
      Jdbi check = Jdbi.create(server.jdbcUrl("127.0.0.1", url), "postgres", DebianPostgres.SUPERUSER_PASSWORD);
      List<Boolean> encrypted = check.withHandle(h -> h.createQuery(
              "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'loginetl'")
          .mapTo(Boolean.class).list());
      assertThat(encrypted).as("the sink's pooled connections, per pg_stat_ssl").isNotEmpty().containsOnly(true);
      long stored = check.withHandle(h -> h.createQuery("SELECT count(*) FROM " + SCHEMA + ".user_logins WHERE message_id LIKE 'verify-full-%'")
          .mapTo(Long.class).one());
      assertThat(stored).isEqualTo(40);
    }
  }

  @Test
  void aCaThatDidNotSignTheServersCertificateFailsNamingTheCa() {
    assertThatThrownBy(() -> PostgresLoginSink.open(config("127.0.0.1", "sslmode=verify-full&sslrootcert=" + otherCa)))
        .isInstanceOf(EtlException.class)
        .isNotInstanceOf(RetryableEtlException.class)
        .hasMessage("PostgreSQL at 127.0.0.1:" + server.port() + " presented a TLS certificate that the CA in"
            + " sslrootcert did not sign: point sslrootcert at the CA certificate (bundle) that signed the server's"
            + " certificate, such as the Amazon RDS bundle");
  }

  @Test
  void aHostNameTheCertificateDoesNotCarryFailsNamingTheHostName() {
    assertThatThrownBy(() -> PostgresLoginSink.open(config("localhost", "sslmode=verify-full&sslrootcert=" + ca)))
        .isInstanceOf(EtlException.class)
        .isNotInstanceOf(RetryableEtlException.class)
        .hasMessage("the TLS certificate of PostgreSQL at localhost:" + server.port() + " does not name the host in"
            + " the JDBC URL (sslmode=verify-full): connect by a name the certificate carries in its subject"
            + " alternative names");
  }

  @Test
  void verifyCaAcceptsTheSameCertificateUnderAnotherName() {
    // The control for the host-name test: the CA verifies, only the name differs.
    try (PostgresLoginSink sink = PostgresLoginSink.open(config("localhost", "sslmode=verify-ca&sslrootcert=" + ca))) {
      assertThat(sink.write(rows("verify-ca-", 1), List.of()).refused()).isEmpty();
    }
  }

  private static PostgresConfig config(String host, String parameters) {
    return PostgresConfig.of(server.jdbcUrl(host, parameters), "postgres", Password.of(DebianPostgres.SUPERUSER_PASSWORD))
        .withSchema(SCHEMA)
        .withConnectionTimeout(Duration.ofSeconds(3));
  }

  private static List<LoginRow> rows(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new LoginRow(prefix + i, "user-" + i, "android", "h1:ip-" + i, "h1:dev-" + i, "RU",
            2_003_000, "2.3.0", LocalDate.of(2026, 11, 21)))
        .toList();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void openssl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("openssl %s: %s", arguments[0], output).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
