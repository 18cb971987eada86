package dev.loginetl.app;

import dev.loginetl.app.cli.KeysCommand;
import java.util.List;

/** The runner's subcommands, in the order {@code --help} lists them. */
final class Commands {
  private Commands() {}

  static List<Object> all() {
    return List.of(new KeysCommand());
  }
}
