package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A database password. It never prints: {@link #toString()} is {@code ***}, so a config record or
 * a log line holding one cannot leak it.
 *
 * <p>Immutable and thread-safe. Equality compares the secrets in constant time.
 */
public final class Password {
  private static final Password EMPTY = new Password("");

  private final String secret;

  private Password(String secret) {
    this.secret = secret;
  }

  /** A password; never null, may be empty (for servers that trust the client). */
  public static Password of(String secret) {
    requireNonNull(secret, "the password is null: pass an empty one for a server that needs none");
    return secret.isEmpty() ? EMPTY : new Password(secret);
  }

  /** No password, for servers that trust the client (local test servers). */
  public static Password none() {
    return EMPTY;
  }

  /** The secret itself, to hand to the JDBC driver and nowhere else. */
  public String reveal() {
    return secret;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Password that
        && MessageDigest.isEqual(
            secret.getBytes(StandardCharsets.UTF_8), that.secret.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    // Constant: a hash of the secret would leak something about it.
    return 0;
  }

  @Override
  public String toString() {
    return "***";
  }
}
