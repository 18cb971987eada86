package dev.loginetl.pii.key;

import static java.util.Objects.requireNonNull;

/**
 * Text that must never be printed: a keyset's JSON, a master key. {@link #toString()} is {@code
 * ***}; only {@link #expose()} gives the text, so that every use stands out in review.
 *
 * <p>Immutable and thread-safe. Equality is identity, so that secrets are not compared by accident
 * in non-constant time.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Holds {@code value}, never null. */
  public static Secret of(String value) {
    return new Secret(requireNonNull(value, "value"));
  }

  /** The secret text. Do not log it, print it or put it in an exception. */
  public String expose() {
    return value;
  }

  /** Always {@code ***}. */
  @Override
  public String toString() {
    return "***";
  }
}
