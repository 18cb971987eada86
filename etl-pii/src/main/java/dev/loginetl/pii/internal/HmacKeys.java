package dev.loginetl.pii.internal;

import dev.loginetl.core.model.PiiField;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What is derived from an HMAC masking key: its public id and one subkey per field.
 *
 * <p>Each is HMAC-SHA256 under the key of a fixed ASCII label, so each is an independent
 * pseudorandom value and none reveals the key or another:
 *
 * <ul>
 *   <li>key id: the first 4 bytes of {@code HMAC(key, "loginetl/pii/hmac/v1/key-id")}, as 8
 *       lowercase hex digits;
 *   <li>subkey of a field: {@code HMAC(key, "loginetl/pii/hmac/v1/field/" + field.jsonName())}.
 * </ul>
 *
 * <p>A value is masked with its field's subkey, never with the key itself, which is what separates
 * fields. The id is only a fingerprint: 32 bits cannot be used to find a 256-bit key.
 */
public final class HmacKeys {
  /** The shortest HMAC masking key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String LABEL_PREFIX = "loginetl/pii/hmac/v1/";

  private HmacKeys() {}

  /** The public id of {@code key}: 8 lowercase hex digits. */
  public static String keyId(byte[] key) {
    byte[] out = HmacSha256.mac(key, label("key-id"));
    return HexFormat.of().formatHex(out, 0, 4);
  }

  /** The subkey that masks the values of {@code field}. */
  public static byte[] fieldKey(byte[] key, PiiField field) {
    return HmacSha256.mac(key, label("field/" + field.jsonName()));
  }

  /**
   * The subkey that hashes a user id for the erasure audit: {@code HMAC(key,
   * "loginetl/pii/hmac/v1/subject/user_id")}, independent of every field's subkey, so that a
   * subject hash never equals a mask.
   */
  public static byte[] subjectKey(byte[] key) {
    return HmacSha256.mac(key, label("subject/user_id"));
  }

  private static byte[] label(String suffix) {
    return (LABEL_PREFIX + suffix).getBytes(StandardCharsets.US_ASCII);
  }
}
