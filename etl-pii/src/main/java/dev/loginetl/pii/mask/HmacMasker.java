package dev.loginetl.pii.mask;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.prf.HmacPrfKey;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.internal.Base64Url;
import dev.loginetl.pii.internal.HmacKeys;
import dev.loginetl.pii.internal.HmacSha256;
import dev.loginetl.pii.internal.MaskText;
import dev.loginetl.pii.key.PiiKeyset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code hmac} strategy: a one-way keyed hash, HMAC-SHA256, under the primary key of an hmac
 * {@link PiiKeyset}.
 *
 * <p>A mask is {@code h1:<key id>:<mac>}, always 55 characters: {@code <key id>} is the key's
 * fingerprint (the first 4 bytes of {@code HMAC(key, "loginetl/pii/hmac/v1/key-id")}, in hex; it
 * names the key and reveals nothing of it), and {@code <mac>} is {@code HMAC-SHA256(subkey,
 * UTF-8(value))} in base64url, where {@code subkey = HMAC(key, "loginetl/pii/hmac/v1/field/" +
 * field.jsonName())}. The same key masks the same way on every machine and in every run.
 *
 * <p><b>Security guarantees:</b> without the key, a mask shows nothing of its value but whether it
 * equals another mask of the same field and key; masks of different fields are unrelated; no key
 * reverses a mask: the value can only be found by guessing it.
 *
 * <p><b>Not guaranteed:</b> hiding which values are equal (the point of the strategy). Secrecy
 * beyond the key's: an HMAC is only as safe as its key, and whoever holds the key can confirm
 * guesses at full speed, so a low-entropy value (an IPv4 address, 2^32 of them; an {@code
 * NNN-NN-NNNN} id, 10^9) is found from its mask in minutes once the key leaks. Keep the key secret
 * (stored encrypted under a {@link dev.loginetl.pii.key.MasterKey}) and rotate it if it may have
 * leaked. Recovering values: impossible by design, use {@link TokenizingMasker} where people must
 * see originals. After {@link PiiKeyset#rotate rotation} new masks use the new key and no longer
 * match older masks of the same value; old masks cannot be rewrapped, they stay as they are.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; each thread keeps its own {@code Mac}s, so a
 * mask costs a few hundred nanoseconds and allocates only its string. Masking never fails once
 * built.
 */
public final class HmacMasker implements Masker {
  private static final PiiField[] FIELDS = PiiField.values();
  private static final int MASK_LENGTH =
      MaskText.PREFIX_LENGTH + Base64Url.encodedLength(HmacSha256.LENGTH);

  private final String keyId;
  private final byte[] prefix;
  private final byte[][] fieldKeys;
  private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(this::newWorker);

  private HmacMasker(byte[] key) {
    this.keyId = HmacKeys.keyId(key);
    this.prefix = MaskText.prefix(MaskText.HMAC_TAG, keyId).getBytes(StandardCharsets.US_ASCII);
    this.fieldKeys = new byte[FIELDS.length][];
    for (PiiField field : FIELDS) {
      fieldKeys[field.ordinal()] = HmacKeys.fieldKey(key, field);
    }
    newWorker(); // fails here, at start-up, if this JVM has no HmacSHA256
  }

  /**
   * The masker using the primary key of {@code keys}.
   *
   * @throws PiiConfigException when {@code keys} are not hmac keys
   */
  public static HmacMasker create(PiiKeyset keys) {
    requireNonNull(keys, "keys");
    Maskers.requireStrategy(keys, MaskingStrategy.HMAC);
    HmacPrfKey key = (HmacPrfKey) keys.keysetHandle().getPrimary().getKey();
    byte[] bytes = key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    try {
      return new HmacMasker(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public String mask(PiiField field, String value) {
    requireNonNull(field, "field");
    requireNonNull(value, "value");
    return workers.get().mask(field.ordinal(), value);
  }

  /** The id of the key masks are made with: 8 lowercase hex digits. */
  public String keyId() {
    return keyId;
  }

  /** What every mask made by this masker starts with: {@code h1:<key id>:}. */
  public String maskPrefix() {
    return new String(prefix, StandardCharsets.US_ASCII);
  }

  /** The strategy and key id, nothing secret, e.g. {@code HmacMasker[h1:0a1b2c3d]}. */
  @Override
  public String toString() {
    return "HmacMasker[" + MaskText.HMAC_TAG + ":" + keyId + "]";
  }

  private Worker newWorker() {
    return new Worker(fieldKeys, prefix);
  }

  /** One thread's engines and buffers. */
  private static final class Worker {
    private final HmacSha256[] engines;
    private final byte[] digest = new byte[HmacSha256.LENGTH];
    private final byte[] out = new byte[MASK_LENGTH];

    Worker(byte[][] fieldKeys, byte[] prefix) {
      engines = new HmacSha256[fieldKeys.length];
      for (int i = 0; i < fieldKeys.length; i++) {
        engines[i] = new HmacSha256(fieldKeys[i]);
      }
      System.arraycopy(prefix, 0, out, 0, prefix.length);
    }

    String mask(int field, String value) {
      engines[field].macWtf8(value, digest, 0);
      Base64Url.encode(digest, 0, digest.length, out, MaskText.PREFIX_LENGTH);
      return new String(out, StandardCharsets.ISO_8859_1);
    }
  }
}
