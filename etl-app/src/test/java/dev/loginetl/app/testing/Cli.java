package dev.loginetl.app.testing;

import dev.loginetl.app.LoginEtl;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code loginetl} in this JVM and captures what it prints. */
public final class Cli {
  private Cli() {}

  /** The exit code and the output of one run. */
  public record Result(int exitCode, String out, String err) {
    public List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }
  }

  public static Result run(String... args) {
    return run(null, args);
  }

  /** Runs with {@code stdin} as standard input (null: an empty one). */
  public static Result run(String stdin, String... args) {
    CommandLine cli = LoginEtl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
    try {
      int code = cli.execute(args);
      return new Result(code, out.toString(), err.toString());
    } finally {
      System.setIn(before);
    }
  }

  /** {@code first} then {@code rest}, as one argument array. */
  public static String[] args(String[] first, String... rest) {
    List<String> all = new ArrayList<>(Arrays.asList(first));
    all.addAll(Arrays.asList(rest));
    return all.toArray(String[]::new);
  }
}
