package dev.loginetl.lab;

import dev.loginetl.app.LoginEtl;
import dev.loginetl.lab.cli.BenchCommand;
import dev.loginetl.lab.cli.DemoCommand;
import picocli.CommandLine;

/**
 * The lab's command line: every command of the production runner, plus {@code demo} and
 * {@code bench}, which need the embedded servers that the runner does not ship. {@code ./loginetl}
 * runs this jar for those two commands and the runner's jar for all others.
 */
public final class LoginEtlLab {
  private LoginEtlLab() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The runner's command line with the lab's commands added, for tests. */
  public static CommandLine commandLine() {
    CommandLine cli = LoginEtl.commandLine();
    cli.addSubcommand(new DemoCommand());
    cli.addSubcommand(new BenchCommand());
    return cli;
  }
}
