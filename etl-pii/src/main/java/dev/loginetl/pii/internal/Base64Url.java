package dev.loginetl.pii.internal;

/**
 * Base64url without padding (RFC 4648 §5), written into caller-provided arrays so that the hot
 * path allocates nothing but its result, and decoded strictly: one text for each byte string.
 *
 * <p>Thread-safe (stateless).
 */
public final class Base64Url {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = i;
    }
  }

  private Base64Url() {}

  /** The number of characters that {@code byteCount} bytes encode to. */
  public static int encodedLength(int byteCount) {
    return (int) ((byteCount * 4L + 2) / 3);
  }

  /**
   * Writes the encoding of {@code src[off, off + len)} as ASCII bytes into {@code dst} at {@code
   * dstOff}.
   *
   * @return the index in {@code dst} after the last byte written
   */
  public static int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
    int d = dstOff;
    int end = off + len;
    int i = off;
    for (; i + 3 <= end; i += 3) {
      int v = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
      dst[d++] = ALPHABET[v >>> 18];
      dst[d++] = ALPHABET[(v >>> 12) & 0x3F];
      dst[d++] = ALPHABET[(v >>> 6) & 0x3F];
      dst[d++] = ALPHABET[v & 0x3F];
    }
    int rest = end - i;
    if (rest == 1) {
      int v = src[i] & 0xFF;
      dst[d++] = ALPHABET[v >>> 2];
      dst[d++] = ALPHABET[(v << 4) & 0x3F];
    } else if (rest == 2) {
      int v = (src[i] & 0xFF) << 8 | (src[i + 1] & 0xFF);
      dst[d++] = ALPHABET[v >>> 10];
      dst[d++] = ALPHABET[(v >>> 4) & 0x3F];
      dst[d++] = ALPHABET[(v << 2) & 0x3F];
    }
    return d;
  }

  /**
   * The bytes encoded by {@code text} from index {@code from} to its end, or null when that part is
   * not canonical unpadded base64url (a character outside the alphabet, padding, an impossible
   * length, or unused low bits that are not zero).
   */
  public static byte[] decode(String text, int from) {
    int n = text.length() - from;
    if (n < 0 || n % 4 == 1) {
      return null;
    }
    byte[] out = new byte[n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1)];
    int o = 0;
    int i = from;
    int end = text.length();
    for (; i + 4 <= end; i += 4) {
      int a = value(text, i);
      int b = value(text, i + 1);
      int c = value(text, i + 2);
      int d = value(text, i + 3);
      if ((a | b | c | d) < 0) {
        return null;
      }
      int v = a << 18 | b << 12 | c << 6 | d;
      out[o++] = (byte) (v >>> 16);
      out[o++] = (byte) (v >>> 8);
      out[o++] = (byte) v;
    }
    int rest = end - i;
    if (rest == 2) {
      int a = value(text, i);
      int b = value(text, i + 1);
      if (a < 0 || b < 0 || (b & 0x0F) != 0) {
        return null;
      }
      out[o++] = (byte) (a << 2 | b >>> 4);
    } else if (rest == 3) {
      int a = value(text, i);
      int b = value(text, i + 1);
      int c = value(text, i + 2);
      if (a < 0 || b < 0 || c < 0 || (c & 0x03) != 0) {
        return null;
      }
      out[o++] = (byte) (a << 2 | b >>> 4);
      out[o++] = (byte) (b << 4 | c >>> 2);
    }
    return out;
  }

  /** The 6-bit value of the character at {@code i}, or -1 when it is not in the alphabet. */
  private static int value(String text, int i) {
    char c = text.charAt(i);
    return c < 128 ? VALUES[c] : -1;
  }
}
