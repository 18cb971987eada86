package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

/**
 * Where the database password comes from when a connection opens: a fixed {@link Password}, a
 * mounted secret file that is rotated under the running process, or a short-lived token (RDS IAM
 * authentication).
 *
 * <p><b>Contract:</b> {@link #current()} is asked for every new connection, so an implementation
 * that is costly to ask caches. When the server refuses a login made with the password {@link
 * #current()} gave (SQLSTATE 28P01 or 28000), the sink calls {@link #refused()} and then asks
 * {@link #current()} once more: an implementation re-reads or renews there. A second refusal fails
 * the connection.
 *
 * <p><b>Security:</b> implementations never print the password; {@code toString()} says where it
 * comes from at most.
 *
 * <p><b>Thread-safety:</b> implementations are called from the pool's threads concurrently and
 * must be thread-safe. {@link #current()} never returns null; it may throw an unchecked exception
 * (an unreadable file), which fails the connection being opened.
 */
public interface PasswordSource {

  /** The password to log in with now. */
  Password current();

  /** The server refused {@link #current()}'s password: the next call should fetch a fresh one. */
  default void refused() {}

  /** A password that never changes. */
  static PasswordSource fixed(Password password) {
    return new Fixed(password);
  }

  /** A fixed password. {@code toString()} is {@code Fixed[password=***]}. */
  record Fixed(Password password) implements PasswordSource {
    public Fixed {
      requireNonNull(password, "the password is null: use Password.none() for a server that needs none");
    }

    @Override
    public Password current() {
      return password;
    }
  }
}
