package dev.loginetl.pii.mask;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.prf.HmacPrfKey;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.internal.HmacKeys;
import dev.loginetl.pii.internal.HmacSha256;
import dev.loginetl.pii.key.PiiKeyset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A keyed hash of a user id, for records that must name a person without holding personal data
 * (the erasure audit): {@code s1:<key id>:<mac>}, where {@code <mac>} is HMAC-SHA256 of the UTF-8
 * user id under {@code HMAC(key, "loginetl/pii/hmac/v1/subject/user_id")}, in base64url without
 * padding, and {@code <key id>} the key's public fingerprint (as in {@link HmacMasker}).
 *
 * <p><b>Security guarantees:</b> without the key, a hash tells nothing of the user id and cannot be
 * tested against guesses; with it, "was user X erased?" is answered by hashing X and looking the
 * hash up. The subkey is derived for this use only, so a hash never equals a mask of the same text.
 * The same key hashes the same way on every machine and in every run.
 *
 * <p>Thread-safe: each call uses its own {@code Mac}.
 */
public final class SubjectHasher {
  private final byte[] subjectKey;
  private final String keyId;

  private SubjectHasher(byte[] key) {
    this.subjectKey = HmacKeys.subjectKey(key);
    this.keyId = HmacKeys.keyId(key);
  }

  /**
   * The hasher using the primary key of {@code keys}, an hmac keyset.
   *
   * @throws dev.loginetl.pii.PiiConfigException when {@code keys} are not hmac keys
   */
  public static SubjectHasher create(PiiKeyset keys) {
    requireNonNull(keys, "keys");
    Maskers.requireStrategy(keys, MaskingStrategy.HMAC);
    HmacPrfKey key = (HmacPrfKey) keys.keysetHandle().getPrimary().getKey();
    byte[] bytes = key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    try {
      return new SubjectHasher(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The keyed hash of {@code userId}. */
  public String hash(String userId) {
    requireNonNull(userId, "userId");
    byte[] mac = new HmacSha256(subjectKey).mac(userId.getBytes(StandardCharsets.UTF_8));
    return "s1:" + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /** The id of the key: 8 lowercase hex digits. */
  public String keyId() {
    return keyId;
  }

  @Override
  public String toString() {
    return "SubjectHasher[s1:" + keyId + "]";
  }
}
