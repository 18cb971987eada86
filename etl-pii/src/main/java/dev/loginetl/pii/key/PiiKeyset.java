package dev.loginetl.pii.key;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import dev.loginetl.core.EtlException;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.internal.HmacKeys;
import dev.loginetl.pii.internal.KeyFiles;
import dev.loginetl.pii.internal.MaskText;
import dev.loginetl.pii.internal.TinkSetup;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of one masking strategy, checked: a Tink keyset of HMAC-SHA256 PRF keys ({@code hmac})
 * or of AES256-SIV keys ({@code tokenize}), whose primary key makes new masks. The file format is
 * described in {@link dev.loginetl.pii.key the package}.
 *
 * <p>Typical use by an application: {@code PiiKeyset.read(path)} (or {@code parse(Secret.of(env),
 * "LOGINETL_KEY")}), then {@code dev.loginetl.pii.mask.Maskers.create(strategyName, keyset)};
 * {@code keys generate} is {@code generate(strategy).writeNew(path)}; {@code keys rotate} is {@code
 * read(path).rotate().replace(path)}.
 *
 * <p><b>Security guarantees:</b> key material never appears in a message, a log line or a {@code
 * toString} ({@code ***}); it leaves this object only through {@link #toJson}, {@link #writeNew},
 * {@link #replace} and {@link #keysetHandle}. HMAC keys have at least 32 bytes, AES-SIV keys 64.
 * Not guaranteed: protection of a keyset stored in clear; give a {@link MasterKey} to store it
 * encrypted.
 *
 * <p>Immutable and thread-safe; {@link #rotate} returns a new keyset. Every failure to load,
 * check or store one is a {@link PiiConfigException} whose message is one sentence for the
 * operator and holds no key material.
 */
public final class PiiKeyset {
  private static final String FILE = "key file";
  private static final String HOW_TO_CREATE = "create one with `loginetl keys generate`";
  private static final String FIX = "give a key file written by `loginetl keys generate`";
  private static final String INVALID =
      " is not a valid Tink keyset: it may be truncated or edited, so restore it from a backup.";

  private final KeysetHandle handle;
  private final String source;
  private final MaskingStrategy strategy;
  private final String primaryKeyId;
  private final List<String> keyIds;

  private PiiKeyset(KeysetHandle handle, String source) {
    this.handle = handle;
    this.source = source;
    String subject = "The " + source;
    MaskingStrategy found = null;
    String primary = null;
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < handle.size(); i++) {
      KeysetHandle.Entry entry;
      try {
        entry = handle.getAt(i);
      } catch (IllegalStateException unparsable) {
        // Tink parses each key lazily; its message is dropped, as it could describe the key.
        throw new PiiConfigException(subject + INVALID);
      }
      if (entry.getStatus() != KeyStatus.ENABLED) {
        continue;
      }
      Key key = entry.getKey();
      MaskingStrategy kind;
      String id;
      if (key instanceof HmacPrfKey hmacKey) {
        kind = MaskingStrategy.HMAC;
        id = checkedHmacKeyId(hmacKey, subject);
      } else if (key instanceof AesSivKey sivKey) {
        kind = MaskingStrategy.TOKENIZE;
        int size = sivKey.getParameters().getKeySizeBytes();
        if (size != 64) {
          throw new PiiConfigException(
              subject + " holds a " + size + "-byte AES-SIV key, but tokenize needs AES256-SIV"
                  + " (64-byte keys): generate a keyset with `loginetl keys generate --masking tokenize`.");
        }
        id = MaskText.keyId(entry.getId());
      } else {
        throw new PiiConfigException(
            subject + " holds a key " + kindOf(key) + ", which cannot mask: give an hmac"
                + " (HMAC-SHA256 PRF) or tokenize (AES256-SIV) keyset written by `loginetl keys generate`.");
      }
      if (found != null && found != kind) {
        throw new PiiConfigException(
            subject + " mixes hmac and tokenize keys: a keyset holds the keys of one strategy"
                + " only, so restore the right file.");
      }
      found = kind;
      if (!seen.add(id)) {
        throw new PiiConfigException(
            subject + " holds the same key (id " + id + ") twice: remove one of the copies.");
      }
      ids.add(id);
      if (entry.isPrimary()) {
        primary = id;
      }
    }
    if (found == null || primary == null) {
      throw new PiiConfigException(
          subject + " has no enabled primary key: " + FIX + ".");
    }
    this.strategy = found;
    this.primaryKeyId = primary;
    this.keyIds = List.copyOf(ids);
  }

  private static String checkedHmacKeyId(HmacPrfKey key, String subject) {
    HmacPrfParameters parameters = key.getParameters();
    if (parameters.getHashType() != HmacPrfParameters.HashType.SHA256) {
      throw new PiiConfigException(
          subject + " holds an HMAC key with hash " + parameters.getHashType()
              + ", but hmac masking uses SHA256: generate a key with `loginetl keys generate --masking hmac`.");
    }
    if (parameters.getKeySizeBytes() < HmacKeys.MIN_KEY_BYTES) {
      throw new PiiConfigException(
          subject + " holds a " + parameters.getKeySizeBytes() + "-byte HMAC key, shorter than"
              + " the " + HmacKeys.MIN_KEY_BYTES + " bytes required: generate a new key with"
              + " `loginetl keys generate --masking hmac`.");
    }
    byte[] bytes = key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    try {
      return HmacKeys.keyId(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static String kindOf(Key key) {
    String name = key.getClass().getSimpleName();
    // Tink reads key types it has no class for as LegacyProtoKey.
    return "LegacyProtoKey".equals(name) ? "of a type Tink does not know" : "of type " + name;
  }

  /** A new keyset of one fresh key for {@code strategy}. */
  public static PiiKeyset generate(MaskingStrategy strategy) {
    try {
      TinkSetup.configuration();
      return new PiiKeyset(KeysetHandle.generateNew(parametersFor(strategy), TinkSetup.configuration()), "generated keyset");
    } catch (GeneralSecurityException e) {
      throw new EtlException("A " + strategy + " key could not be generated in this Java runtime.", e);
    }
  }

  /**
   * The keyset stored in clear in {@code file}.
   *
   * @throws PiiConfigException when the file is missing, unreadable, malformed, encrypted, or holds
   *     keys that cannot mask
   */
  public static PiiKeyset read(Path file) {
    requireNonNull(file, "file");
    return parse(KeyFiles.read(file, FILE, HOW_TO_CREATE), FILE + " " + file, null);
  }

  /**
   * The keyset stored in {@code file} encrypted under {@code masterKey}.
   *
   * @throws PiiConfigException as {@link #read(Path)}, and when the file is not encrypted or was
   *     encrypted under another master key
   */
  public static PiiKeyset read(Path file, MasterKey masterKey) {
    requireNonNull(file, "file");
    requireNonNull(masterKey, "masterKey");
    return parse(KeyFiles.read(file, FILE, HOW_TO_CREATE), FILE + " " + file, masterKey);
  }

  /**
   * The keyset whose cleartext JSON is {@code json}, e.g. the content of an environment variable.
   *
   * @param sourceName where it came from, used in messages, e.g. {@code "LOGINETL_KEY"}
   * @throws PiiConfigException when it is malformed, encrypted, or holds keys that cannot mask
   */
  public static PiiKeyset parse(Secret json, String sourceName) {
    requireNonNull(json, "json");
    return parse(json.expose(), "key in " + requireNonNull(sourceName, "sourceName"), null);
  }

  /**
   * The keyset whose JSON, encrypted under {@code masterKey}, is {@code json}.
   *
   * @param sourceName where it came from, used in messages, e.g. {@code "LOGINETL_KEY"}
   * @throws PiiConfigException as {@link #parse(Secret, String)}, and when it is not encrypted or
   *     was encrypted under another master key
   */
  public static PiiKeyset parse(Secret json, String sourceName, MasterKey masterKey) {
    requireNonNull(json, "json");
    requireNonNull(masterKey, "masterKey");
    return parse(json.expose(), "key in " + requireNonNull(sourceName, "sourceName"), masterKey);
  }

  /**
   * The keyset held by {@code handle}, e.g. one the application decrypted with a KMS.
   *
   * @param sourceName where it came from, used in messages, e.g. {@code "KMS keyset"}
   * @throws PiiConfigException when it holds keys that cannot mask
   */
  public static PiiKeyset of(KeysetHandle handle, String sourceName) {
    TinkSetup.configuration();
    return new PiiKeyset(
        requireNonNull(handle, "handle"), "key in " + requireNonNull(sourceName, "sourceName"));
  }

  private static PiiKeyset parse(String json, String source, MasterKey masterKey) {
    TinkSetup.configuration();
    String subject = "The " + source;
    KeysetJson.Shape shape = KeysetJson.shapeOf(json, subject, FIX);
    KeysetHandle handle;
    if (masterKey == null) {
      if (shape == KeysetJson.Shape.ENCRYPTED) {
        throw new PiiConfigException(
            subject + " is encrypted: give the master key it was encrypted with.");
      }
      try {
        handle = TinkJsonProtoKeysetFormat.parseKeyset(
          json, TinkSetup.configuration(), InsecureSecretKeyAccess.get());
      } catch (GeneralSecurityException e) {
        throw new PiiConfigException(subject + INVALID);
      }
    } else {
      if (shape == KeysetJson.Shape.CLEARTEXT) {
        throw new PiiConfigException(
            subject + " is stored in clear although a master key was given: give no master key,"
                + " or store the keyset encrypted under it.");
      }
      try {
        handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
            json, masterKey.aead(), KeysetJson.ASSOCIATED_DATA, TinkSetup.configuration());
      } catch (GeneralSecurityException e) {
        throw new PiiConfigException(
            subject + " cannot be decrypted with " + masterKey.name() + ": give the master key it"
                + " was encrypted with (or restore the file if it was edited).");
      }
    }
    return new PiiKeyset(handle, source);
  }

  private static Parameters parametersFor(MaskingStrategy strategy) {
    requireNonNull(strategy, "strategy");
    return strategy == MaskingStrategy.HMAC
        ? PredefinedPrfParameters.HMAC_SHA256_PRF
        : PredefinedDeterministicAeadParameters.AES256_SIV;
  }

  /**
   * This keyset with one more key, fresh and primary: new masks are made with it. The other keys
   * stay, so tokens made with them still reveal and can be rewrapped; HMAC masks made with them
   * stay as they are (HMAC is one-way, they cannot be rewrapped), and no longer match new masks of
   * the same values.
   */
  public PiiKeyset rotate() {
    try {
      for (int attempt = 0; ; attempt++) {
        KeysetHandle rotated =
            KeysetHandle.newBuilder(handle)
                .addEntry(
                    KeysetHandle.generateEntryFromParameters(parametersFor(strategy))
                        .withRandomId()
                        .makePrimary())
                .build();
        PiiKeyset next;
        try {
          next = new PiiKeyset(rotated, source);
        } catch (PiiConfigException sameId) {
          // A 32-bit HMAC key id can, very rarely, equal an older key's: draw another key.
          if (attempt < 4) {
            continue;
          }
          throw sameId;
        }
        return next;
      }
    } catch (GeneralSecurityException e) {
      throw new EtlException("A " + strategy + " key could not be generated in this Java runtime.", e);
    }
  }

  /** The strategy these keys are for. */
  public MaskingStrategy strategy() {
    return strategy;
  }

  /** The id of the primary key, as it appears in masks: 8 lowercase hex digits. */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /** The ids of the enabled keys, as they appear in masks, in keyset order. */
  public List<String> keyIds() {
    return keyIds;
  }

  /** Where this keyset came from, as messages name it, e.g. {@code "key file /etc/loginetl/key.json"}. */
  public String source() {
    return source;
  }

  /** A summary with no key material, e.g. {@code "tokenize keyset, 2 keys, primary 0a1b2c3d"}. */
  public String describe() {
    return strategy + " keyset, " + keyIds.size() + (keyIds.size() == 1 ? " key" : " keys")
        + ", primary " + primaryKeyId;
  }

  /**
   * The Tink keyset, for code that must hand it to Tink itself. Its {@code toString} shows no key
   * material, but Tink's {@code InsecureSecretKeyAccess} can reach it.
   */
  public KeysetHandle keysetHandle() {
    return handle;
  }

  /** This keyset as cleartext Tink keyset JSON. */
  public Secret toJson() {
    try {
      return Secret.of(TinkJsonProtoKeysetFormat.serializeKeyset(
          handle, TinkSetup.configuration(), InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException e) {
      throw new EtlException("The keyset could not be serialised.", e);
    }
  }

  /** This keyset as Tink encrypted keyset JSON, encrypted under {@code masterKey}. */
  public Secret toJson(MasterKey masterKey) {
    requireNonNull(masterKey, "masterKey");
    try {
      return Secret.of(
          TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
              handle, masterKey.aead(), KeysetJson.ASSOCIATED_DATA, TinkSetup.configuration()));
    } catch (GeneralSecurityException e) {
      throw new EtlException("The keyset could not be encrypted under the master key.", e);
    }
  }

  /**
   * Writes this keyset in clear to {@code file}, which must not exist yet, readable by its owner
   * only.
   *
   * @throws PiiConfigException when the file exists or cannot be written
   */
  public void writeNew(Path file) {
    KeyFiles.writeNew(requireNonNull(file, "file"), toJson().expose(), FILE);
  }

  /** As {@link #writeNew(Path)}, encrypted under {@code masterKey}. */
  public void writeNew(Path file, MasterKey masterKey) {
    KeyFiles.writeNew(requireNonNull(file, "file"), toJson(masterKey).expose(), FILE);
  }

  /**
   * Replaces {@code file} by this keyset in clear, in one atomic rename, readable by its owner
   * only.
   *
   * @throws PiiConfigException when it cannot be written
   */
  public void replace(Path file) {
    KeyFiles.replace(requireNonNull(file, "file"), toJson().expose(), FILE);
  }

  /** As {@link #replace(Path)}, encrypted under {@code masterKey}. */
  public void replace(Path file, MasterKey masterKey) {
    KeyFiles.replace(requireNonNull(file, "file"), toJson(masterKey).expose(), FILE);
  }

  /** Always {@code ***}; see {@link #describe()}. */
  @Override
  public String toString() {
    return "***";
  }
}
