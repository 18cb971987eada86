package dev.loginetl.app.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged runner ({@code target/loginetl.jar}, built in {@code package}, before Failsafe
 * runs) as a separate process, its standard output and error captured together in one file.
 * {@link #kill()} is {@code kill -9}; {@link #terminate()} is SIGTERM. {@link #close()} kills what
 * is still running, so that no test leaves a runner behind.
 */
final class Runner implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path output;
  private final Integer metricsPort;

  private Runner(Process process, Path output, Integer metricsPort) {
    this.process = process;
    this.output = output;
    this.metricsPort = metricsPort;
  }

  /** The options every run takes: where the queue, the database and the key are. */
  static List<String> run(String queueUrl, String jdbcUrl, Path keyFile, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--queue-url", queueUrl, "--jdbc-url", jdbcUrl,
        "--db-user", "postgres", "--db-password", "", "--key-file", keyFile.toString()));
    args.addAll(Arrays.asList(more));
    return args;
  }

  /** Starts {@code loginetl <args>}, writing what it prints to {@code output}. */
  static Runner start(Path output, List<String> args) {
    return start(output, args, null);
  }

  /** As {@link #start(Path, List)}, serving /metrics and /health on {@code metricsPort}. */
  static Runner start(Path output, List<String> args, Integer metricsPort) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-jar", Path.of("target", "loginetl.jar").toString()));
    command.addAll(args);
    if (metricsPort != null) {
      command.add("--metrics-port");
      command.add(Integer.toString(metricsPort));
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
      return new Runner(process, output, metricsPort);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the runner", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -9}: no shutdown hook, no signal handler, nothing finished. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM (what {@link Process#destroy()} sends on Linux). */
  void terminate() {
    process.destroy();
  }

  /**
   * Waits for the runner to exit and returns its exit code. {@code guard} is no timing claim, only
   * how long a hung runner may hold the build: past it the runner is killed and the test fails.
   */
  int await(Duration guard) throws InterruptedException {
    if (!process.waitFor(guard.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the runner did not exit within " + guard.toSeconds() + " s (it hung); killed it");
    }
    return process.exitValue();
  }

  /** A run that ended: its exit code and all it printed. */
  record Ended(int exit, String output) {
    /** The counts of its summary line; fails when it printed none. */
    Summary summary() {
      return Runner.summary(output);
    }
  }

  /**
   * Runs {@code loginetl <args>} to its end, writing what it prints to {@code output}; {@code guard}
   * as in {@link #await}.
   */
  static Ended runToEnd(Path output, List<String> args, Duration guard) throws InterruptedException {
    try (Runner runner = start(output, args)) {
      int exit = runner.await(guard);
      return new Ended(exit, runner.output());
    }
  }

  /** All it printed so far, standard output and error together. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GET {@code path} on the metrics port: the status code and body, or -1 when nothing answers. */
  Http get(String path) {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Http(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Http(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Http(-1, "");
    }
  }

  record Http(int status, String body) {}

  private static final java.util.regex.Pattern SUMMARY = java.util.regex.Pattern.compile(
      "received (\\d+), loaded (\\d+), rejected (\\d+).*, duplicates (\\d+), deleted from the queue (\\d+)");

  /** The counts of the summary line the runner prints as it exits; fails when it printed none. */
  Summary summary() {
    return summary(output());
  }

  /** The counts of the summary line in a runner's {@code output}; fails when there is none. */
  static Summary summary(String output) {
    java.util.regex.Matcher m = SUMMARY.matcher(output);
    if (!m.find()) {
      throw new AssertionError("the runner printed no summary line");
    }
    return new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
  }

  /** A run's summary: deliveries received, rows loaded, rejections recorded, duplicates, deleted. */
  record Summary(long received, long loaded, long rejected, long duplicates, long deleted) {}

  /** A free loopback port, for --metrics-port. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
