package dev.loginetl.pii;

import java.util.Locale;

/**
 * How personal values are masked, chosen by configuration; each strategy has its own kind of key.
 *
 * <p>Thread-safe (an enum).
 */
public enum MaskingStrategy {
  /**
   * One-way keyed hashing: HMAC-SHA256 under a secret key of at least 32 bytes. The default.
   * Masks look like {@code h1:<key id>:<43 base64url characters>}. See {@code
   * dev.loginetl.pii.mask.HmacMasker}.
   */
  HMAC("hmac"),
  /**
   * Reversible deterministic tokenisation: AES256-SIV. Tokens look like {@code t1:<key id>:<base64url>}
   * and grow with their value. See {@code dev.loginetl.pii.mask.TokenizingMasker}.
   */
  TOKENIZE("tokenize");

  /** The strategy used when none is configured. */
  public static final MaskingStrategy DEFAULT = HMAC;

  private final String configName;

  MaskingStrategy(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration: {@code hmac} or {@code tokenize}. */
  public String configName() {
    return configName;
  }

  /**
   * The strategy named {@code name} in configuration (case and surrounding blanks ignored).
   *
   * @throws PiiConfigException when {@code name} names no strategy
   */
  public static MaskingStrategy fromName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (MaskingStrategy strategy : values()) {
      if (strategy.configName.equals(wanted)) {
        return strategy;
      }
    }
    // Echo the name only when it looks like one, in case a secret was pasted into the wrong setting.
    String shown =
        wanted.matches("[a-z0-9_-]{1,20}") ? "'" + wanted + "'" : "given";
    throw new PiiConfigException(
        "The masking strategy " + shown + " is unknown: set it to hmac or tokenize.");
  }

  @Override
  public String toString() {
    return configName;
  }
}
