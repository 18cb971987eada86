package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.pii.key.MasterKey;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.key.Secret;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the masking key comes from: a key file (maybe encrypted under a master key or a KMS key) or the key
 * itself in {@value #KEY_VARIABLE}. Commands that only read or rotate a key use this alone;
 * commands that mask also choose a strategy ({@link KeyOptions}).
 */
public final class KeyFileOptions {
  /** The environment variable that may hold the key itself. */
  public static final String KEY_VARIABLE = "LOGINETL_KEY";

  @Option(names = "--key-file", paramLabel = "FILE", defaultValue = "${env:LOGINETL_KEY_FILE}",
      description = "The key (a Tink keyset JSON from `loginetl keys generate`). Env LOGINETL_KEY_FILE; or the key itself in LOGINETL_KEY.")
  Path keyFile;

  @Mixin MasterKeyOptions encryption;

  /**
   * The key, decrypted with {@code master} (null when the key is in clear).
   *
   * @param strategyHint the strategy to name in the hint when no key is given at all
   * @throws ConfigurationException when no key is given
   */
  public PiiKeyset keyset(MasterKey master, String strategyHint) {
    if (keyFile != null) {
      return master == null ? PiiKeyset.read(keyFile) : PiiKeyset.read(keyFile, master);
    }
    String inline = System.getenv(KEY_VARIABLE);
    if (inline != null && !inline.isBlank()) {
      Secret secret = Secret.of(inline);
      return master == null ? PiiKeyset.parse(secret, KEY_VARIABLE) : PiiKeyset.parse(secret, KEY_VARIABLE, master);
    }
    throw new ConfigurationException("no masking key: give --key-file (or LOGINETL_KEY_FILE), or the key itself in "
        + KEY_VARIABLE + "; create one with `loginetl keys generate --masking " + strategyHint + " --out FILE`");
  }

  /** Where the key file is, or null when the key comes from the environment. */
  public Path keyFile() {
    return keyFile;
  }

  /** The master key (a file's or a KMS key), when one is given; null otherwise. */
  public MasterKey masterKey() {
    return encryption.masterKey();
  }
}
