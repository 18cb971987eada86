package dev.loginetl.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.credentials.PasswordFile;
import dev.loginetl.app.credentials.RdsIamToken;
import dev.loginetl.postgres.PostgresConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How the database flags choose the password source, and what they refuse. No server. */
class DatabaseOptionsTest {
  @TempDir Path dir;

  private static PostgresConfig config(String... args) {
    return CommandLine.populateCommand(new DatabaseOptions(), args).config(2);
  }

  @Test
  void aPasswordFileIsReadThroughThePasswordSource() throws IOException {
    Path file = dir.resolve("pw");
    Files.writeString(file, "from-file\n");
    PostgresConfig config = config("--db-password-file", file.toString(), "--db-password", "ignored");
    assertThat(config.passwords()).isInstanceOf(PasswordFile.class);
    assertThat(config.password().reveal()).isEqualTo("from-file");
    assertThat(config.toString()).doesNotContain("from-file");
  }

  @Test
  void iamAuthSignsATokenForTheUrlsHostPortAndUser() {
    PostgresConfig config = config("--db-iam-auth", "--db-region", "eu-west-1", "--db-user", "etl",
        "--jdbc-url", "jdbc:postgresql://db.example.rds.amazonaws.com:6543/logins?sslmode=verify-full");
    assertThat(config.passwords()).isInstanceOf(RdsIamToken.class)
        .hasToString("RdsIamToken[etl@db.example.rds.amazonaws.com:6543, eu-west-1]");
  }

  @Test
  void iamAuthWithoutACheckedServerCertificateRefusesToStart() {
    for (String mode : new String[] {"", "?sslmode=prefer", "?sslmode=disable", "?sslmode=allow", "?sslmode=require"}) {
      assertThatThrownBy(() -> config("--db-iam-auth",
              "--jdbc-url", "jdbc:postgresql://db.example.rds.amazonaws.com:5432/logins" + mode))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith("--db-iam-auth needs TLS");
    }
  }

  @Test
  void iamAuthAcceptsEitherModeThatChecksTheCertificate() {
    for (String mode : new String[] {"verify-ca", "VERIFY-FULL"}) {
      PostgresConfig config = config("--db-iam-auth", "--db-region", "eu-west-1",
          "--jdbc-url", "jdbc:postgresql://db.example.rds.amazonaws.com:5432/logins?sslmode=" + mode);
      assertThat(config.passwords()).isInstanceOf(RdsIamToken.class);
    }
  }

  @Test
  void iamAuthAndAPasswordFileTogetherAreRefused() throws IOException {
    Path file = dir.resolve("pw");
    Files.writeString(file, "x\n");
    assertThatThrownBy(() -> config("--db-iam-auth", "--db-password-file", file.toString(),
            "--jdbc-url", "jdbc:postgresql://db.example/x?sslmode=require"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--db-iam-auth and --db-password-file both say how to log in: give one of them");
  }
}
