package dev.loginetl.core;

/**
 * Root of every infrastructure failure in loginetl: a queue, database or key store that could not do
 * what was asked. Bad input is never reported this way; it becomes a {@link
 * dev.loginetl.core.model.Rejection}.
 *
 * <p>An instance of this class itself is fatal: retrying the same call will not help (a missing
 * table, refused credentials, a queue that does not exist). {@link RetryableEtlException} marks the
 * failures where a retry may help.
 *
 * <p>Messages never contain personal data; adapters translate their client's exceptions once, at
 * their boundary, keeping the original as the cause.
 */
public class EtlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EtlException(String message) {
    super(message);
  }

  public EtlException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether retrying the failed call may succeed. */
  public boolean isRetryable() {
    return false;
  }
}
