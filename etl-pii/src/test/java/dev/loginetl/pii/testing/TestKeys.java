package dev.loginetl.pii.testing;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.util.SecretBytes;
import dev.loginetl.pii.internal.TinkSetup;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.key.Secret;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/** Keysets with known key bytes, built through Tink's public API, for golden tests. */
public final class TestKeys {
  private TestKeys() {}

  /** 0x00, 0x01, ... : {@code n} bytes counting up. */
  public static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  public static HmacPrfKey hmacKey(byte[] bytes, HmacPrfParameters.HashType hash) {
    try {
      return HmacPrfKey.builder()
          .setParameters(
              HmacPrfParameters.builder().setKeySizeBytes(bytes.length).setHashType(hash).build())
          .setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static AesSivKey sivKey(byte[] bytes, AesSivParameters.Variant variant, Integer id) {
    try {
      return AesSivKey.builder()
          .setParameters(
              AesSivParameters.builder().setKeySizeBytes(bytes.length).setVariant(variant).build())
          .setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get()))
          .setIdRequirement(variant == AesSivParameters.Variant.NO_PREFIX ? null : id)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A keyset of one key, primary, with Tink id {@code id}. */
  public static KeysetHandle keyset(Key key, int id) {
    TinkSetup.configuration();
    try {
      return KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(key).withFixedId(id).makePrimary())
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String json(KeysetHandle handle) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(
          handle, TinkSetup.configuration(), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PiiKeyset pii(KeysetHandle handle) {
    return PiiKeyset.parse(Secret.of(json(handle)), "test key");
  }

  /** Every way the bytes of a key could be written out: hex, base64, base64url, raw. */
  public static String[] spellings(byte[] key) {
    return new String[] {
      HexFormat.of().formatHex(key),
      HexFormat.of().withUpperCase().formatHex(key),
      Base64.getEncoder().encodeToString(key),
      Base64.getUrlEncoder().withoutPadding().encodeToString(key),
      new String(key, java.nio.charset.StandardCharsets.ISO_8859_1),
    };
  }

  /** The raw bytes of every key in {@code keys}. */
  public static java.util.List<byte[]> keyBytes(PiiKeyset keys) {
    java.util.List<byte[]> all = new java.util.ArrayList<>();
    KeysetHandle handle = keys.keysetHandle();
    for (int i = 0; i < handle.size(); i++) {
      Key key = handle.getAt(i).getKey();
      if (key instanceof HmacPrfKey hmacKey) {
        all.add(hmacKey.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
      } else if (key instanceof AesSivKey sivKey) {
        all.add(sivKey.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
      }
    }
    return all;
  }
}
