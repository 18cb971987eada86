package dev.loginetl.pii.internal;

import java.util.HexFormat;

/**
 * The text shape shared by every mask: {@code <tag>:<key id>:<payload>}, where the tag names the
 * strategy and its format version ({@code h1}, {@code t1}), the key id is 8 lowercase hex digits,
 * and the payload is unpadded base64url.
 */
public final class MaskText {
  /** The tag of an HMAC mask. */
  public static final String HMAC_TAG = "h1";
  /** The tag of a token. */
  public static final String TOKEN_TAG = "t1";
  /** The length of {@code <tag>:<key id>:}. */
  public static final int PREFIX_LENGTH = 12;

  private MaskText() {}

  /** {@code <tag>:<keyId>:}. */
  public static String prefix(String tag, String keyId) {
    return tag + ":" + keyId + ":";
  }

  /** A Tink key id as 8 lowercase hex digits (unsigned). */
  public static String keyId(int tinkKeyId) {
    return HexFormat.of().toHexDigits(tinkKeyId);
  }

  /** Whether {@code mask} starts with {@code <tag>:}. */
  public static boolean hasTag(String mask, String tag) {
    return mask.length() > tag.length()
        && mask.startsWith(tag)
        && mask.charAt(tag.length()) == ':';
  }

  /**
   * The key id in {@code mask} as a Tink key id, or null when {@code mask} does not have the shape
   * {@code <2-character tag>:<8 lowercase hex digits>:}.
   */
  public static Integer keyIdOf(String mask) {
    if (mask.length() < PREFIX_LENGTH || mask.charAt(2) != ':' || mask.charAt(11) != ':') {
      return null;
    }
    int id = 0;
    for (int i = 3; i < 11; i++) {
      char c = mask.charAt(i);
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else {
        return null;
      }
      id = id << 4 | digit;
    }
    return id;
  }
}
