package dev.loginetl.app.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.app.base.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password file as Kubernetes mounts and rotates it: a real file in a temporary directory. */
class PasswordFileTest {
  @TempDir Path dir;

  @Test
  void trimsTheTrailingLineBreakOnly() throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, " pa ss\r\n");
    assertThat(new PasswordFile(file).current().reveal()).isEqualTo(" pa ss");
  }

  @Test
  void removesOneTrailingLineBreakAndKeepsAnyOtherTrailingCharacter() throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, "pass\n\n");
    assertThat(new PasswordFile(file).current().reveal()).isEqualTo("pass\n");
    Files.writeString(file, "pass\r\n\r\n");
    assertThat(new PasswordFile(file).current().reveal()).isEqualTo("pass\r\n");
    Files.writeString(file, "pass\r");
    assertThat(new PasswordFile(file).current().reveal()).isEqualTo("pass\r");
    Files.writeString(file, "pass \t");
    assertThat(new PasswordFile(file).current().reveal()).isEqualTo("pass \t");
    Files.writeString(file, "pass");
    assertThat(new PasswordFile(file).current().reveal()).isEqualTo("pass");
  }

  @Test
  void keepsThePasswordItReadUntilTheServerRefusesItThenReadsTheFileAgain() throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, "first\n");
    PasswordFile passwords = new PasswordFile(file);
    Files.writeString(file, "second\n");
    assertThat(passwords.current().reveal()).isEqualTo("first");
    passwords.refused();
    assertThat(passwords.current().reveal()).isEqualTo("second");
  }

  @Test
  void aFileThatVanishesAfterStartKeepsTheLastPassword() throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, "first\n");
    PasswordFile passwords = new PasswordFile(file);
    Files.delete(file);
    passwords.refused();
    assertThat(passwords.current().reveal()).isEqualTo("first");
  }

  @Test
  void aMissingOrEmptyFileIsAConfigurationMistakeNamingTheFile() throws IOException {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> new PasswordFile(missing))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("the database password file " + missing
            + " cannot be read (NoSuchFileException): mount the secret there or correct --db-password-file");
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> new PasswordFile(empty))
        .hasMessage("the database password file " + empty + " is empty: write the password into it");
  }

  @Test
  void printsTheFileNeverThePassword() throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, "s3cret\n");
    PasswordFile passwords = new PasswordFile(file);
    assertThat(passwords.toString()).isEqualTo("PasswordFile[" + file + "]").doesNotContain("s3cret");
    assertThat(passwords.current()).hasToString("***");
  }
}
