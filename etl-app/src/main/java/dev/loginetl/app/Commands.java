package dev.loginetl.app;

import dev.loginetl.app.cli.EraseCommand;
import dev.loginetl.app.cli.KeysCommand;
import dev.loginetl.app.cli.MigrateCommand;
import dev.loginetl.app.cli.RedriveCommand;
import dev.loginetl.app.cli.RetentionCommand;
import dev.loginetl.app.cli.RevealCommand;
import dev.loginetl.app.cli.RewrapCommand;
import dev.loginetl.app.cli.RunCommand;
import dev.loginetl.app.cli.SeedCommand;
import dev.loginetl.app.cli.WarmupCommand;
import java.util.List;

/** The runner's subcommands, in the order {@code --help} lists them ({@code warmup} is hidden). */
final class Commands {
  private Commands() {}

  static List<Object> all() {
    return List.of(new RunCommand(), new SeedCommand(), new MigrateCommand(), new KeysCommand(),
        new RevealCommand(), new RewrapCommand(), new RedriveCommand(), new RetentionCommand(), new EraseCommand(), new WarmupCommand());
  }
}
