package dev.loginetl.app.base;

/**
 * The exit codes of the {@code loginetl} command line, as its {@code --help} lists them: 0 success,
 * 1 a fatal runtime failure, 2 a bad option or configuration.
 */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int SUCCESS = 0;
  /** A fatal runtime failure: a server that stays unreachable, a failed pipeline. */
  public static final int FAILURE = 1;
  /** A bad option or configuration. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
