package dev.loginetl.core;

/**
 * An infrastructure failure where retrying may help: a lost connection, a server restarting,
 * throttling, a serialisation conflict. Whether the failed call took effect is unknown, so callers
 * retry only operations that are idempotent.
 */
public class RetryableEtlException extends EtlException {
  private static final long serialVersionUID = 1L;

  public RetryableEtlException(String message) {
    super(message);
  }

  public RetryableEtlException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
