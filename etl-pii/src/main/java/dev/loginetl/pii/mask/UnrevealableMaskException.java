package dev.loginetl.pii.mask;

import static java.util.Objects.requireNonNull;

/**
 * A mask that cannot be revealed or rewrapped, with the {@link Reason} and one sentence saying
 * why.
 *
 * <p>The message names at most the field and the key id that the mask claims, never the mask
 * itself nor anything decrypted from it. A job going over many masks can count the failures by
 * reason and go on; {@link Reason#UNKNOWN_KEY} on every mask rather points at a keyset missing an
 * old key.
 */
public final class UnrevealableMaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a mask cannot be revealed. */
  public enum Reason {
    /** An hmac mask: HMAC is one-way, no key can recover the value. */
    ONE_WAY,
    /** Not the text of a token: wrong prefix, bad key id, bad base64url, too short. */
    MALFORMED,
    /** Made with a key that is not an enabled key of the keyset. */
    UNKNOWN_KEY,
    /** Does not decrypt under the key it names: made for another field, or altered. */
    NOT_DECRYPTABLE
  }

  private final Reason reason;

  public UnrevealableMaskException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
  }

  /** Why the mask cannot be revealed. */
  public Reason reason() {
    return reason;
  }
}
