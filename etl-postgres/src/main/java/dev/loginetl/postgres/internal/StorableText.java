package dev.loginetl.postgres.internal;

/** What text PostgreSQL can store. Stateless. */
public final class StorableText {
  private StorableText() {}

  /** Whether PostgreSQL can store the text: no U+0000 and no unpaired surrogate. Null is storable. */
  public static boolean isStorable(String value) {
    if (value == null) {
      return true;
    }
    // Nearly every value is plain text: one tight pass looking for any char that needs a closer look
    // (U+0000, a surrogate, or U+E000 and above, which the subtraction sends past U+D7FE too).
    int length = value.length();
    for (int i = 0; i < length; i++) {
      if ((char) (value.charAt(i) - 1) >= 0xD7FF) {
        return isStorableFrom(value, i);
      }
    }
    return true;
  }

  private static boolean isStorableFrom(String value, int start) {
    int length = value.length();
    for (int i = start; i < length; i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
