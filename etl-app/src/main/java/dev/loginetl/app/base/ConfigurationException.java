package dev.loginetl.app.base;

/**
 * A configuration mistake found at start-up: the message is one sentence saying what is wrong and
 * how to fix it. The runner prints it without a stack trace and exits with code 2.
 */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
