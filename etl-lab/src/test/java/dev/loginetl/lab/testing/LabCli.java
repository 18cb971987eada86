package dev.loginetl.lab.testing;

import dev.loginetl.lab.LoginEtlLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the lab's {@code loginetl} command line in this JVM and captures what it prints. */
public final class LabCli {
  private LabCli() {}

  /** The exit code and the output of one run. */
  public record Result(int exitCode, String out, String err) {}

  public static Result run(String... args) {
    CommandLine cli = LoginEtlLab.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
