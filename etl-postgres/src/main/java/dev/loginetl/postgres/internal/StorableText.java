package dev.loginetl.postgres.internal;

/** What text PostgreSQL can store. Stateless. */
public final class StorableText {
  private StorableText() {}

  /** Whether PostgreSQL can store the text: no U+0000 and no unpaired surrogate. Null is storable. */
  public static boolean isStorable(String value) {
    if (value == null) {
      return true;
    }
    int length = value.length();
    for (int i = 0; i < length; i++) {
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
