package dev.loginetl.app.cli;

import dev.loginetl.app.ConfigurationException;
import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.MasterKey;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.key.Secret;
import dev.loginetl.pii.mask.Maskers;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which masking strategy, and where its key comes from. */
public final class KeyOptions {
  /** The environment variable that may hold the key itself. */
  public static final String KEY_VARIABLE = "LOGINETL_KEY";

  @Option(names = {"--masking"}, paramLabel = "hmac|tokenize", defaultValue = "${env:LOGINETL_MASKING:-hmac}",
      description = "Masking strategy: hmac (irreversible) or tokenize (reversible). Env LOGINETL_MASKING; default ${DEFAULT-VALUE}.")
  String masking;

  @Option(names = "--key-file", paramLabel = "FILE", defaultValue = "${env:LOGINETL_KEY_FILE}",
      description = "The key (a Tink keyset JSON from `loginetl keys generate`). Env LOGINETL_KEY_FILE; or the key itself in LOGINETL_KEY.")
  Path keyFile;

  @Option(names = "--master-key-file", paramLabel = "FILE", defaultValue = "${env:LOGINETL_MASTER_KEY_FILE}",
      description = "Master key that encrypts the key file, when it is encrypted. Env LOGINETL_MASTER_KEY_FILE.")
  Path masterKeyFile;

  /** The strategy named by {@code --masking}. */
  public MaskingStrategy strategy() {
    return MaskingStrategy.fromName(masking);
  }

  /** The key, from the key file or from {@value #KEY_VARIABLE}. */
  public PiiKeyset keyset() {
    return keyset(masterKey());
  }

  /** As {@link #keyset()}, decrypted with {@code master} (null when the key is in clear). */
  public PiiKeyset keyset(MasterKey master) {
    if (keyFile != null) {
      return master == null ? PiiKeyset.read(keyFile) : PiiKeyset.read(keyFile, master);
    }
    String inline = System.getenv(KEY_VARIABLE);
    if (inline != null && !inline.isBlank()) {
      Secret secret = Secret.of(inline);
      return master == null ? PiiKeyset.parse(secret, KEY_VARIABLE) : PiiKeyset.parse(secret, KEY_VARIABLE, master);
    }
    throw new ConfigurationException("no masking key: give --key-file (or LOGINETL_KEY_FILE), or the key itself in "
        + KEY_VARIABLE + "; create one with `loginetl keys generate --masking " + strategy().configName() + " --out FILE`");
  }

  /** The masker for the strategy and key given. */
  public Masker masker() {
    return Maskers.create(strategy(), keyset());
  }

  /** Where the key file is, or null when the key comes from the environment. */
  public Path keyFile() {
    return keyFile;
  }

  /** The master key, when one is given. */
  public MasterKey masterKey() {
    return masterKeyFile == null ? null : MasterKey.read(masterKeyFile);
  }
}
