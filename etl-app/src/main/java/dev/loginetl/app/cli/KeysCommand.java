package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.MasterKey;
import dev.loginetl.pii.key.PiiKeyset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code keys generate|rotate|master-key}: key files, never printed. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Generates and rotates masking keys. Key material is written to files only, never printed.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.Rotate.class, KeysCommand.NewMasterKey.class})
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code keys generate}. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Writes a new key for a masking strategy to a new file (owner-only permissions). Refuses to overwrite.")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--masking", paramLabel = "hmac|tokenize", defaultValue = "${env:LOGINETL_MASKING:-hmac}",
        description = "Strategy the key is for. Env LOGINETL_MASKING; default ${DEFAULT-VALUE}.")
    String masking;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The new key file.")
    Path out;

    @Mixin MasterKeyOptions encryption;

    @Override
    public Integer call() {
      MaskingStrategy strategy = MaskingStrategy.fromName(masking);
      MasterKey master = encryption.masterKey();
      PiiKeyset keyset = PiiKeyset.generate(strategy);
      if (master == null) {
        keyset.writeNew(out);
      } else {
        keyset.writeNew(out, master);
      }
      PrintWriter printer = spec.commandLine().getOut();
      printer.printf("wrote a new %s key (%s) to %s%s; keep it secret and back it up: without it, %s%n",
          strategy.configName(), keyset.describe(), out, master == null ? "" : ", encrypted under " + encryption.describe(),
          strategy == MaskingStrategy.TOKENIZE ? "tokens cannot be revealed" : "new masks will not match old ones");
      return 0;
    }
  }

  /** {@code keys rotate}. */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Adds a new primary key to a key file; older keys stay, so old tokens still reveal. "
          + "Afterwards, `loginetl rewrap` re-tokenises stored rows so that equal values match again.")
  static final class Rotate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KeyFileOptions keys;

    @Override
    public Integer call() {
      Path file = keys.keyFile();
      if (file == null) {
        throw new ConfigurationException("keys rotate needs the key file: give --key-file (or LOGINETL_KEY_FILE)");
      }
      MasterKey master = keys.masterKey();
      PiiKeyset rotated = keys.keyset(master, "tokenize").rotate();
      if (master == null) {
        rotated.replace(file);
      } else {
        rotated.replace(file, master);
      }
      spec.commandLine().getOut().printf("rotated %s: %s%n", file, rotated.describe());
      return 0;
    }
  }

  /** {@code keys master-key}. */
  @Command(name = "master-key", mixinStandardHelpOptions = true,
      description = "Writes a new master key (AES256-GCM) to a new file, to encrypt key files with.")
  static final class NewMasterKey implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The new master key file.")
    Path out;

    @Override
    public Integer call() {
      MasterKey.generate().writeNew(out);
      spec.commandLine().getOut().printf("wrote a new master key to %s; keep it apart from the key files it protects%n", out);
      return 0;
    }
  }
}
