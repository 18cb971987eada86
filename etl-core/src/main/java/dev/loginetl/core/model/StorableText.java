package dev.loginetl.core.model;

/**
 * The text a login's values may hold: valid Unicode without U+0000, which PostgreSQL's {@code text}
 * cannot hold. The parser rejects a message whose value breaks this ({@link
 * RejectReason#INVALID_TEXT}); a sink checks it again on a {@link LoginRow} that a library user
 * built directly. Stateless and thread-safe.
 */
public final class StorableText {

  /** What keeps a text from being stored. */
  public enum Flaw {
    /** The text holds U+0000. */
    NUL("contains U+0000, which PostgreSQL text cannot hold"),
    /** The text holds a surrogate that is not half of a pair. */
    UNPAIRED_SURROGATE("contains an unpaired surrogate, which is not valid Unicode");

    private final String predicate;

    Flaw(String predicate) {
      this.predicate = predicate;
    }

    /** What is wrong, as the end of a sentence about a value; it never quotes the text. */
    public String predicate() {
      return predicate;
    }
  }

  private StorableText() {}

  /** Whether the text can be stored: no U+0000 and no unpaired surrogate. Null is storable. */
  public static boolean isStorable(String value) {
    return flaw(value) == null;
  }

  /**
   * The first flaw in the text, by position.
   *
   * @return the flaw, or null when the text (or null) can be stored
   */
  public static Flaw flaw(String value) {
    if (value == null) {
      return null;
    }
    // Nearly every value is plain text: one tight pass looking for any char that needs a closer look
    // (U+0000, a surrogate, or U+E000 and above, which the subtraction sends past U+D7FE too).
    int length = value.length();
    for (int i = 0; i < length; i++) {
      if ((char) (value.charAt(i) - 1) >= 0xD7FF) {
        return flawFrom(value, i);
      }
    }
    return null;
  }

  private static Flaw flawFrom(String value, int start) {
    int length = value.length();
    for (int i = start; i < length; i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return Flaw.NUL;
      }
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Flaw.UNPAIRED_SURROGATE;
      }
    }
    return null;
  }
}
