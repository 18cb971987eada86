package dev.loginetl.pii.mask;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.internal.Base64Url;
import dev.loginetl.pii.internal.MaskText;
import dev.loginetl.pii.internal.TinkSetup;
import dev.loginetl.pii.internal.Wtf8;
import dev.loginetl.pii.key.PiiKeyset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code tokenize} strategy: reversible deterministic tokenisation with AES256-SIV (RFC 5297,
 * Tink's {@link DeterministicAead}) under a tokenize {@link PiiKeyset}; also reveals tokens and
 * rewraps them under the current primary key.
 *
 * <p>A token is {@code t1:<key id>:<ciphertext>}: {@code <key id>} is the Tink id of the key that
 * made it, in 8 hex digits; {@code <ciphertext>} is the raw AES-SIV output (a 16-byte synthetic IV,
 * then the encrypted UTF-8 value, without Tink's output prefix, since the key id is already in the
 * text) in base64url, with the field's {@link PiiField#jsonName() JSON name} as associated data.
 * For a value of {@code n} UTF-8 bytes a token has {@code 12 + ceil(4 (n + 16) / 3)} characters:
 * 256 or fewer up to {@code n = 167}, so 94 for the longest IPv6 address.
 *
 * <p><b>Security guarantees:</b> without the keyset, a token shows nothing of its value but its
 * length and whether it equals another token of the same field and key; tokens of different fields
 * are unrelated, and a token revealed as another field, or altered, is refused (AES-SIV is
 * authenticated); whoever holds the keyset can reveal every token made with any of its enabled
 * keys, so the keyset must be guarded like the data itself.
 *
 * <p><b>Not guaranteed:</b> hiding which values are equal (the point of the strategy), nor the
 * length of a value: a token is as long as its value plus 16 bytes, in base64url, plus its prefix.
 * Equal values give equal tokens only under the same primary key: after {@link PiiKeyset#rotate
 * rotation} new tokens differ from older ones of the same value until those are {@link #rewrap
 * rewrapped}. A key removed from the keyset takes the values of its tokens with it.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use. {@link #mask} throws {@link EtlException} only
 * if the cipher itself fails; {@link #reveal} and {@link #rewrap} throw {@link
 * UnrevealableMaskException} for a mask they cannot open.
 */
public final class TokenizingMasker implements Masker {
  private static final byte[][] ASSOCIATED_DATA = associatedData();
  private static final int MIN_CIPHERTEXT = 16;

  private final String source;
  private final int primaryId;
  private final DeterministicAead primary;
  private final byte[] primaryPrefix;
  private final String primaryMaskPrefix;
  private final Map<Integer, DeterministicAead> byId;

  private TokenizingMasker(PiiKeyset keys) throws GeneralSecurityException {
    this.source = keys.source();
    KeysetHandle handle = keys.keysetHandle();
    Map<Integer, DeterministicAead> primitives = new HashMap<>();
    for (int i = 0; i < handle.size(); i++) {
      KeysetHandle.Entry entry = handle.getAt(i);
      if (entry.getStatus() == KeyStatus.ENABLED) {
        primitives.put(entry.getId(), withoutOutputPrefix(entry));
      }
    }
    this.byId = Map.copyOf(primitives);
    this.primaryId = handle.getPrimary().getId();
    this.primary = byId.get(primaryId);
    this.primaryPrefix =
        MaskText.prefix(MaskText.TOKEN_TAG, MaskText.keyId(primaryId))
            .getBytes(StandardCharsets.US_ASCII);
    this.primaryMaskPrefix = new String(primaryPrefix, StandardCharsets.US_ASCII);
  }

  /**
   * The same key, producing bare AES-SIV output: a keyset made with Tink's {@code AES256_SIV}
   * template would put a 5-byte prefix holding the key id in front, which the token text already
   * names.
   */
  private static DeterministicAead withoutOutputPrefix(KeysetHandle.Entry entry)
      throws GeneralSecurityException {
    AesSivKey key = (AesSivKey) entry.getKey();
    AesSivKey bare =
        AesSivKey.builder()
            .setParameters(
                AesSivParameters.builder()
                    .setKeySizeBytes(key.getParameters().getKeySizeBytes())
                    .setVariant(AesSivParameters.Variant.NO_PREFIX)
                    .build())
            .setKeyBytes(key.getKeyBytes())
            .build();
    return KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(bare).withFixedId(entry.getId()).makePrimary())
        .build()
        .getPrimitive(TinkSetup.configuration(), DeterministicAead.class);
  }

  /**
   * The tokenizer whose primary key tokenises and whose enabled keys reveal.
   *
   * @throws PiiConfigException when {@code keys} are not tokenize keys
   */
  public static TokenizingMasker create(PiiKeyset keys) {
    requireNonNull(keys, "keys");
    Maskers.requireStrategy(keys, MaskingStrategy.TOKENIZE);
    try {
      return new TokenizingMasker(keys);
    } catch (GeneralSecurityException e) {
      throw new PiiConfigException(
          "The " + keys.source() + " holds AES-SIV keys that Tink cannot use in this Java runtime:"
              + " check the Java version and its security providers.");
    }
  }

  /** The token of {@code value} under the primary key. */
  @Override
  public String mask(PiiField field, String value) {
    requireNonNull(field, "field");
    requireNonNull(value, "value");
    byte[] plain = Wtf8.encode(value);
    try {
      return seal(field, plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * The value that {@code token}, a token of {@code field}, was made from.
   *
   * @throws UnrevealableMaskException when {@code token} is an hmac mask, is malformed, was made
   *     with a key not in the keyset, or does not decrypt as a {@code field} value
   */
  public String reveal(PiiField field, String token) {
    requireNonNull(field, "field");
    requireNonNull(token, "token");
    byte[] plain = open(field, token, "revealed");
    try {
      return Wtf8.decode(plain);
    } catch (IllegalArgumentException e) {
      // Only a forged token under a leaked key gets here: AES-SIV authenticated these bytes.
      throw new UnrevealableMaskException(
          UnrevealableMaskException.Reason.NOT_DECRYPTABLE,
          "The token decrypts to bytes that are not text, so it was not made by loginetl.");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * {@code token}, a token of {@code field}, re-made under the primary key: exactly what {@link
   * #mask} gives for its value now. A token already under the primary key is checked and returned
   * as it is.
   *
   * @throws UnrevealableMaskException as {@link #reveal}; for an hmac mask because HMAC masks
   *     cannot be rewrapped, they stay under the key that made them
   */
  public String rewrap(PiiField field, String token) {
    requireNonNull(field, "field");
    requireNonNull(token, "token");
    byte[] plain = open(field, token, "rewrapped");
    try {
      return isUnderPrimaryKey(token) ? token : seal(field, plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** The id of the key new tokens are made with: 8 lowercase hex digits. */
  public String primaryKeyId() {
    return MaskText.keyId(primaryId);
  }

  /**
   * What every token made now starts with: {@code t1:<primary key id>:}. A token that does not
   * start with it needs {@link #rewrap}.
   */
  public String primaryMaskPrefix() {
    return primaryMaskPrefix;
  }

  /** The strategy and primary key id, nothing secret, e.g. {@code TokenizingMasker[t1:0a1b2c3d]}. */
  @Override
  public String toString() {
    return "TokenizingMasker[" + MaskText.TOKEN_TAG + ":" + primaryKeyId() + "]";
  }

  private boolean isUnderPrimaryKey(String token) {
    return token.startsWith(primaryMaskPrefix);
  }

  private String seal(PiiField field, byte[] plain) {
    byte[] ciphertext;
    try {
      ciphertext = primary.encryptDeterministically(plain, ASSOCIATED_DATA[field.ordinal()]);
    } catch (GeneralSecurityException e) {
      throw new EtlException(
          "Key " + primaryKeyId() + " of the " + source + " could not tokenise a "
              + field.jsonName() + " value (" + e.getClass().getSimpleName() + ").",
          e);
    }
    byte[] out =
        Arrays.copyOf(primaryPrefix, MaskText.PREFIX_LENGTH + Base64Url.encodedLength(ciphertext.length));
    Base64Url.encode(ciphertext, 0, ciphertext.length, out, MaskText.PREFIX_LENGTH);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** The plaintext bytes of {@code token}; the caller wipes them. */
  private byte[] open(PiiField field, String token, String verb) {
    if (MaskText.hasTag(token, MaskText.HMAC_TAG)) {
      throw new UnrevealableMaskException(
          UnrevealableMaskException.Reason.ONE_WAY,
          "An hmac mask cannot be " + verb + ": HMAC is one-way, so no key recovers its value;"
              + " only tokens (t1:...) made with the tokenize strategy can be.");
    }
    Integer id = MaskText.hasTag(token, MaskText.TOKEN_TAG) ? MaskText.keyIdOf(token) : null;
    if (id == null) {
      throw new UnrevealableMaskException(
          UnrevealableMaskException.Reason.MALFORMED,
          "The mask is not a token: a token looks like t1:<8 hex digits>:<base64url>.");
    }
    DeterministicAead key = byId.get(id);
    if (key == null) {
      throw new UnrevealableMaskException(
          UnrevealableMaskException.Reason.UNKNOWN_KEY,
          "The token was made with key " + MaskText.keyId(id) + ", which is not an enabled key of"
              + " the " + source + ": use the keyset that holds it (keys must stay in the keyset"
              + " until their tokens are rewrapped).");
    }
    byte[] ciphertext = Base64Url.decode(token, MaskText.PREFIX_LENGTH);
    if (ciphertext == null || ciphertext.length < MIN_CIPHERTEXT) {
      throw new UnrevealableMaskException(
          UnrevealableMaskException.Reason.MALFORMED,
          "The token's ciphertext is not valid base64url of an AES-SIV output: it was truncated"
              + " or altered.");
    }
    try {
      return key.decryptDeterministically(ciphertext, ASSOCIATED_DATA[field.ordinal()]);
    } catch (GeneralSecurityException e) {
      throw new UnrevealableMaskException(
          UnrevealableMaskException.Reason.NOT_DECRYPTABLE,
          "The token does not decrypt as a " + field.jsonName() + " value under key "
              + MaskText.keyId(id) + ": it was made for another field, or altered.");
    }
  }

  private static byte[][] associatedData() {
    PiiField[] fields = PiiField.values();
    byte[][] data = new byte[fields.length][];
    for (PiiField field : fields) {
      data[field.ordinal()] = field.jsonName().getBytes(StandardCharsets.UTF_8);
    }
    return data;
  }
}
