package dev.loginetl.pii.internal;

import dev.loginetl.core.EtlException;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104, FIPS 198-1) under one key, over bytes or over the {@link Wtf8} encoding of
 * a string without building that encoding in memory.
 *
 * <p>Not thread-safe: one instance per thread (a JCA {@link Mac} keeps state between calls). Its
 * {@code toString} names no key.
 */
public final class HmacSha256 {
  /** The length of an HMAC-SHA256 output, in bytes. */
  public static final int LENGTH = 32;

  private static final String ALGORITHM = "HmacSHA256";

  private final Mac mac;
  private final byte[] chunk = new byte[1024];

  /**
   * An engine keyed with {@code key}; the array is not kept.
   *
   * @throws EtlException when the JVM offers no HmacSHA256 (a broken runtime)
   */
  public HmacSha256(byte[] key) {
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new EtlException("This Java runtime cannot compute HMAC-SHA256, which masking needs.", e);
    }
  }

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] mac(byte[] key, byte[] data) {
    return new HmacSha256(key).mac(data);
  }

  /** HMAC-SHA256 of {@code data}. */
  public byte[] mac(byte[] data) {
    return mac.doFinal(data);
  }

  /** Writes HMAC-SHA256 of the {@link Wtf8} encoding of {@code value} into {@code out} at {@code off}. */
  public void macWtf8(String value, byte[] out, int off) {
    int from = 0;
    int n = value.length();
    do {
      long next = Wtf8.encodeChunk(value, from, chunk);
      mac.update(chunk, 0, (int) next);
      from = (int) (next >>> 32);
    } while (from < n);
    try {
      mac.doFinal(out, off);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("output buffer too short for HMAC-SHA256", e);
    }
  }

  @Override
  public String toString() {
    return "HmacSha256[***]";
  }
}
