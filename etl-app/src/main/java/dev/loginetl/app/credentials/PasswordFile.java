package dev.loginetl.app.credentials;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PasswordSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database password from a file, such as a Kubernetes Secret mounted as a volume. The file is
 * read at start-up and again each time the server refuses the password, so that a secret rotated
 * under the running pod (Kubernetes rewrites the mounted file) is picked up by the next connection
 * without a restart. One trailing line break ({@code \n} or {@code \r\n}), as {@code echo} writes,
 * is removed; nothing else is.
 *
 * <p>Thread-safe. {@link #toString()} names the file, never its content.
 */
public final class PasswordFile implements PasswordSource {
  private static final Logger log = LoggerFactory.getLogger(PasswordFile.class);

  private final Path file;
  private volatile Password current;

  /**
   * Reads the file once.
   *
   * @throws ConfigurationException when it cannot be read or is empty
   */
  public PasswordFile(Path file) {
    this.file = file;
    this.current = read();
  }

  @Override
  public Password current() {
    return current;
  }

  /**
   * Reads the file again. A file that has become unreadable keeps the last password, so that the
   * refusal is reported as such rather than as a file error.
   */
  @Override
  public void refused() {
    try {
      current = read();
      log.info("PostgreSQL refused the password: read {} again", file);
    } catch (ConfigurationException e) {
      log.warn("PostgreSQL refused the password and {}", e.getMessage());
    }
  }

  private Password read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          "the database password file " + file + " cannot be read (" + e.getClass().getSimpleName()
              + "): mount the secret there or correct --db-password-file", e);
    }
    // A file written by echo ends in one line break that is no part of the password; anything before
    // it is, since a password may itself end in a space or a line break.
    int end = text.length();
    if (text.endsWith("\r\n")) {
      end -= 2;
    } else if (text.endsWith("\n")) {
      end -= 1;
    }
    if (end == 0) {
      throw new ConfigurationException(
          "the database password file " + file + " is empty: write the password into it");
    }
    return Password.of(text.substring(0, end));
  }

  @Override
  public String toString() {
    return "PasswordFile[" + file + "]";
  }
}
