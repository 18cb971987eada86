package dev.loginetl.pii;

import dev.loginetl.core.EtlException;

/**
 * A masking set-up that cannot work: a key that is missing, malformed, too short, of the wrong
 * kind, or encrypted under another master key; an unknown strategy name.
 *
 * <p>Fatal: retrying will not help, the operator must fix the configuration. The message is one
 * sentence saying what is wrong and how to fix it, meant to be printed as it is, without a stack
 * trace. It never contains key material: a cause is attached only when it is an I/O failure
 * (whose message names a path), never the parser's or cipher's own exception, whose text could
 * quote the input.
 */
public class PiiConfigException extends EtlException {
  private static final long serialVersionUID = 1L;

  public PiiConfigException(String message) {
    super(message);
  }

  public PiiConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
