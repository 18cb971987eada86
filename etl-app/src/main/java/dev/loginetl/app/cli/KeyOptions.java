package dev.loginetl.app.cli;

import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which masking strategy, and where its key comes from. */
public final class KeyOptions {
  @Option(names = {"--masking"}, paramLabel = "hmac|tokenize", defaultValue = "${env:LOGINETL_MASKING:-hmac}",
      description = "Masking strategy: hmac (irreversible) or tokenize (reversible). Env LOGINETL_MASKING; default ${DEFAULT-VALUE}.")
  String masking;

  @Mixin KeyFileOptions source;

  /** The strategy named by {@code --masking}. */
  public MaskingStrategy strategy() {
    return MaskingStrategy.fromName(masking);
  }

  /** The key, from the key file or from {@value KeyFileOptions#KEY_VARIABLE}. */
  public PiiKeyset keyset() {
    return source.keyset(source.masterKey(), strategy().configName());
  }

  /** The masker for the strategy and key given. */
  public Masker masker() {
    return Maskers.create(strategy(), keyset());
  }
}
