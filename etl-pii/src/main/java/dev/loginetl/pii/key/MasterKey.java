package dev.loginetl.pii.key;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.loginetl.core.EtlException;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.internal.KeyFiles;
import dev.loginetl.pii.internal.TinkSetup;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The key that encrypts a masking keyset at rest: a cleartext Tink AEAD keyset, kept apart from the
 * keyset it protects (another file, another secret store, another person).
 *
 * <p><b>Security guarantees:</b> a keyset encrypted under a master key is unreadable, and cannot
 * be altered undetected, without it (AEAD). Not guaranteed: anything once the master key file and
 * the encrypted keyset leak together.
 *
 * <p>A master key may also live in a KMS ({@link #kmsEnvelope}): the keyset is then encrypted with
 * Tink's KMS envelope encryption, a fresh AES256-GCM data key per write whose only copy at rest is
 * encrypted by the KMS. The KMS key never leaves the KMS, so such a master key cannot be written
 * out ({@link #toJson}, {@link #writeNew} refuse). This class holds no KMS client: the caller gives
 * the KMS-backed {@link Aead}, whose own failures (unreachable, access denied) it lets through.
 *
 * <p>Immutable and thread-safe. {@link #toString()} is {@code ***}. Every failure to load one is a
 * {@link PiiConfigException} with one sentence for the operator.
 */
public final class MasterKey {
  private static final String FILE = "master key file";
  private static final String HOW_TO_CREATE = "create one with `loginetl keys master-key --out FILE`";

  private final KeysetHandle handle;
  private final Aead aead;
  private final String name;

  private MasterKey(KeysetHandle handle, Aead aead) {
    this(handle, aead, "the given master key");
  }

  private MasterKey(KeysetHandle handle, Aead aead, String name) {
    this.handle = handle;
    this.aead = aead;
    this.name = name;
  }

  /**
   * A master key held by a KMS: keysets are encrypted with Tink's KMS envelope encryption
   * ({@link KmsEnvelopeAead}, AES256-GCM data keys) under {@code kmsAead}.
   *
   * @param kmsAead encrypts and decrypts a data key in the KMS (at most a few dozen bytes)
   * @param keyName how messages name the KMS key, e.g. its ARN; not secret
   */
  public static MasterKey kmsEnvelope(Aead kmsAead, String keyName) {
    requireNonNull(kmsAead, "kmsAead");
    requireNonNull(keyName, "keyName");
    TinkSetup.configuration();
    try {
      Aead envelope = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, kmsAead);
      return new MasterKey(null, envelope, "the KMS key " + keyName);
    } catch (GeneralSecurityException e) {
      throw new EtlException("KMS envelope encryption is not available in this Java runtime.", e);
    }
  }

  /** A new master key: AES256-GCM. */
  public static MasterKey generate() {
    TinkSetup.configuration();
    try {
      KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, TinkSetup.configuration());
      return new MasterKey(handle, handle.getPrimitive(TinkSetup.configuration(), Aead.class));
    } catch (GeneralSecurityException e) {
      throw new EtlException("A master key could not be generated in this Java runtime.", e);
    }
  }

  /**
   * The master key in {@code file}.
   *
   * @throws PiiConfigException when the file is missing, unreadable, not a cleartext Tink AEAD
   *     keyset
   */
  public static MasterKey read(Path file) {
    requireNonNull(file, "file");
    String json = KeyFiles.read(file, FILE, HOW_TO_CREATE);
    return parse(json, "The " + FILE + " " + file);
  }

  /**
   * The master key whose JSON is {@code json}, e.g. from a secret store.
   *
   * @param sourceName where it came from, used in messages, e.g. {@code "LOGINETL_MASTER_KEY"}
   * @throws PiiConfigException when it is not a cleartext Tink AEAD keyset
   */
  public static MasterKey parse(Secret json, String sourceName) {
    requireNonNull(json, "json");
    return parse(json.expose(), "The master key in " + requireNonNull(sourceName, "sourceName"));
  }

  private static MasterKey parse(String json, String subject) {
    TinkSetup.configuration();
    String fix = "give a cleartext Tink AEAD keyset";
    if (KeysetJson.shapeOf(json, subject, fix) == KeysetJson.Shape.ENCRYPTED) {
      throw new PiiConfigException(
          subject + " is itself encrypted: a master key must be a cleartext Tink AEAD keyset.");
    }
    KeysetHandle handle;
    try {
      handle = TinkJsonProtoKeysetFormat.parseKeyset(
          json, TinkSetup.configuration(), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new PiiConfigException(
          subject + " is not a valid Tink keyset: it may be truncated or edited; restore it from a backup.");
    }
    try {
      return new MasterKey(handle, handle.getPrimitive(TinkSetup.configuration(), Aead.class));
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new PiiConfigException(
          subject + " is a Tink keyset but not an AEAD one: give the master key, not a masking key.");
    }
  }

  /** This master key as cleartext Tink keyset JSON, to store in a secret store or a file. */
  public Secret toJson() {
    if (handle == null) {
      throw new PiiConfigException("A master key held by a KMS never leaves it, so it cannot be written out.");
    }
    try {
      return Secret.of(TinkJsonProtoKeysetFormat.serializeKeyset(
          handle, TinkSetup.configuration(), InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException e) {
      throw new EtlException("The master key could not be serialised.", e);
    }
  }

  /**
   * Writes this master key to {@code file}, which must not exist yet, readable by its owner only.
   *
   * @throws PiiConfigException when the file exists or cannot be written
   */
  public void writeNew(Path file) {
    KeyFiles.writeNew(requireNonNull(file, "file"), toJson().expose(), FILE);
  }

  Aead aead() {
    return aead;
  }

  /** How messages name this key: {@code "the given master key"} or {@code "the KMS key ARN"}. */
  String name() {
    return name;
  }

  /** Always {@code ***}. */
  @Override
  public String toString() {
    return "***";
  }
}
