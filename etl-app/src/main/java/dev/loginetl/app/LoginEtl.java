package dev.loginetl.app;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.base.ExitCodes;
import dev.loginetl.app.base.Version;
import dev.loginetl.core.EtlException;
import dev.loginetl.pii.PiiConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code loginetl} command line. Exit codes: 0 success; 1 a fatal runtime failure (a server
 * that stays unreachable, a failed pipeline); 2 a bad option or configuration. Errors are one
 * sentence on standard error, without a stack trace.
 */
@Command(
    name = "loginetl",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Moves user-login events from an SQS queue into PostgreSQL, masking ip and device_id on the way.",
    subcommands = {CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a fatal runtime failure", "2:a bad option or configuration"})
public final class LoginEtl implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Seconds a resolved host name is cached, unless the JVM was given its own setting. */
  static final String DNS_CACHE_SECONDS = "30";

  public static void main(String[] args) {
    shortDnsCache();
    System.exit(execute(args));
  }

  /**
   * Caps the JVM's DNS cache at {@value #DNS_CACHE_SECONDS} s, as AWS advises for a Java client of
   * an endpoint whose address changes: an RDS Multi-AZ fail-over moves the instance's DNS name to
   * the standby, and a JVM with a security manager, or a runtime whose {@code java.security} sets
   * {@code networkaddress.cache.ttl=-1}, would otherwise keep the dead primary's address forever.
   * A value set in {@code java.security} or with {@code -Dsun.net.inetaddr.ttl} is kept. Runs
   * before anything is resolved.
   */
  static void shortDnsCache() {
    if (java.security.Security.getProperty("networkaddress.cache.ttl") == null
        && System.getProperty("sun.net.inetaddr.ttl") == null) {
      java.security.Security.setProperty("networkaddress.cache.ttl", DNS_CACHE_SECONDS);
    }
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, with its error handling, for tests and embedding. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LoginEtl());
    for (Object command : Commands.all()) {
      cli.addSubcommand(command);
    }
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("loginetl: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      // Settings records reject bad values with IllegalArgumentException and one sentence.
      if (ex instanceof ConfigurationException || ex instanceof PiiConfigException
          || ex instanceof IllegalArgumentException) {
        err.println("loginetl: " + ex.getMessage());
        return ExitCodes.USAGE;
      }
      if (ex instanceof EtlException) {
        err.println("loginetl: " + ex.getMessage());
        return ExitCodes.FAILURE;
      }
      throw ex;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
