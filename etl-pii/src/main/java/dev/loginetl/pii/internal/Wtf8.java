package dev.loginetl.pii.internal;

import java.util.Arrays;

/**
 * Turns a Java string into bytes one-to-one, so that two different strings never give the same
 * bytes.
 *
 * <p>A well-formed string encodes exactly as UTF-8. A string may also hold an unpaired surrogate
 * (JSON allows {@code "\ud800"}); {@link String#getBytes} would replace it with {@code ?}, so that
 * two different values would mask the same and a revealed value would differ from the original.
 * Here an unpaired surrogate encodes as its own three-byte sequence ({@code ED A0 80} to {@code ED
 * BF BF}), which never occurs in UTF-8: this is WTF-8. {@link #decode} is its exact inverse.
 *
 * <p>Thread-safe (stateless).
 */
public final class Wtf8 {
  private Wtf8() {}

  /** The encoding of {@code s}: UTF-8 when {@code s} is well-formed, WTF-8 otherwise. */
  public static byte[] encode(String s) {
    byte[] out = new byte[encodedLength(s)];
    long next = encodeChunk(s, 0, out);
    if ((int) next != out.length || (int) (next >>> 32) != s.length()) {
      throw new AssertionError("WTF-8 length mismatch");
    }
    return out;
  }

  /** The number of bytes {@link #encode} gives for {@code s}. */
  public static int encodedLength(String s) {
    int n = s.length();
    long length = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("value too large to encode");
    }
    return (int) length;
  }

  /**
   * Encodes characters of {@code s} from index {@code from} into {@code buf}, stopping before the
   * first character that does not fit or at the end of {@code s}.
   *
   * @return the next character index in the high 32 bits, the number of bytes written in the low
   */
  public static long encodeChunk(String s, int from, byte[] buf) {
    int n = s.length();
    int cap = buf.length;
    int p = 0;
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (p >= cap) {
          break;
        }
        buf[p++] = (byte) c;
        i++;
      } else if (c < 0x800) {
        if (p + 2 > cap) {
          break;
        }
        buf[p++] = (byte) (0xC0 | (c >> 6));
        buf[p++] = (byte) (0x80 | (c & 0x3F));
        i++;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (p + 4 > cap) {
          break;
        }
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        buf[p++] = (byte) (0xF0 | (cp >> 18));
        buf[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[p++] = (byte) (0x80 | (cp & 0x3F));
        i += 2;
      } else {
        if (p + 3 > cap) {
          break;
        }
        buf[p++] = (byte) (0xE0 | (c >> 12));
        buf[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[p++] = (byte) (0x80 | (c & 0x3F));
        i++;
      }
    }
    return ((long) i << 32) | p;
  }

  /**
   * The string whose {@link #encode encoding} is {@code bytes}.
   *
   * @throws IllegalArgumentException when {@code bytes} is not the encoding of any string (the
   *     message says where, never what)
   */
  public static String decode(byte[] bytes) {
    char[] out = new char[bytes.length];
    int o = 0;
    int i = 0;
    int n = bytes.length;
    boolean lastWasEncodedHighSurrogate = false;
    while (i < n) {
      int b0 = bytes[i] & 0xFF;
      int cp;
      int len;
      if (b0 < 0x80) {
        cp = b0;
        len = 1;
      } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1F;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0F;
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07;
      } else {
        throw invalid(i);
      }
      if (i + len > n) {
        throw invalid(i);
      }
      for (int k = 1; k < len; k++) {
        int b = bytes[i + k] & 0xFF;
        if ((b & 0xC0) != 0x80) {
          throw invalid(i);
        }
        cp = (cp << 6) | (b & 0x3F);
      }
      if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
        throw invalid(i); // overlong or out of range
      }
      boolean surrogate = len == 3 && cp >= 0xD800 && cp <= 0xDFFF;
      // encode() writes a surrogate pair as one 4-byte sequence; separate halves were not paired.
      if (surrogate && cp >= 0xDC00 && lastWasEncodedHighSurrogate) {
        throw invalid(i);
      }
      lastWasEncodedHighSurrogate = surrogate && cp < 0xDC00;
      if (cp >= 0x10000) {
        out[o++] = Character.highSurrogate(cp);
        out[o++] = Character.lowSurrogate(cp);
      } else {
        out[o++] = (char) cp;
      }
      i += len;
    }
    String s = new String(out, 0, o);
    Arrays.fill(out, '\0');
    return s;
  }

  private static IllegalArgumentException invalid(int offset) {
    return new IllegalArgumentException("invalid WTF-8 sequence at byte " + offset);
  }
}
