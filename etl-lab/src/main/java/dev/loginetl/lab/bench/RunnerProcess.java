package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged runner ({@code loginetl.jar}) as a separate process, started with the JVM options
 * {@code ./loginetl} gives it, and what it cost: wall time from launch to exit, CPU seconds of the
 * whole process (every thread, GC and JIT included), and when it committed its first batch.
 *
 * <p>CPU comes from this process's {@code /proc/self/stat}: the CPU of children that have exited and
 * been waited for ({@code cutime + cstime}, in the kernel's 100 Hz ticks), read before the launch and
 * after the exit; nothing else of this process exits meanwhile. Elsewhere than on Linux, it is the
 * last reading of the child's own CPU while it ran, an underestimate, and {@link Finished#cpuExact()}
 * says so.
 */
final class RunnerProcess {
  /** The runner's line at its first commit (see etl-app's StartLog), in its plain log format. */
  private static final Pattern FIRST_COMMIT = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z) .*first batch committed (\\d+) ms after the JVM started");

  private RunnerProcess() {}

  /**
   * What a run cost.
   *
   * @param command the command line (no secret on it: the password goes in the environment)
   * @param exitCode the runner's exit code
   * @param launched when it was launched, by this process's clock
   * @param wallSeconds from launch to exit
   * @param cpuSeconds the runner's CPU, all threads
   * @param cpuExact whether {@code cpuSeconds} is the kernel's total (Linux) rather than a last reading
   * @param output where its standard output and error went
   */
  record Finished(List<String> command, int exitCode, Instant launched, double wallSeconds, double cpuSeconds,
      boolean cpuExact, Path output) {

    /**
     * Seconds from launch to the first commit, by this process's clock and the timestamp of the
     * runner's own log line; empty when it never logged one.
     */
    Optional<Double> firstCommitSeconds() {
      return firstCommit().map(m -> Duration.between(launched, Instant.parse(m.group(1))).toNanos() / 1e9);
    }

    /** The runner's own count: milliseconds from its JVM's start to the first commit. */
    Optional<Long> firstCommitJvmMillis() {
      return firstCommit().map(m -> Long.parseLong(m.group(2)));
    }

    /** Whether the runner said it ran out of memory. */
    boolean outOfMemory() {
      return lines().anyMatch(line -> line.contains("OutOfMemoryError"));
    }

    /** The last lines it printed. */
    List<String> tail(int count) {
      List<String> all = lines().toList();
      return all.subList(Math.max(0, all.size() - count), all.size());
    }

    private Optional<Matcher> firstCommit() {
      return lines().map(FIRST_COMMIT::matcher).filter(Matcher::find).findFirst();
    }

    private Stream<String> lines() {
      try {
        return Files.readAllLines(output, StandardCharsets.UTF_8).stream();
      } catch (IOException e) {
        return Stream.of();
      }
    }
  }

  /**
   * The command that runs {@code jar} with the options {@code ./loginetl} gives the runner: its
   * class-data archive ({@code loginetl.jsa} beside the jar) when the build made one after the jar,
   * the quick JIT for a drain that ends ({@link #jitOptions}), then {@code jvmOptions}, then {@code
   * -jar jar} and {@code args}.
   */
  static List<String> command(Path jar, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(archiveOptions(jar));
    command.addAll(jitOptions(args));
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

  /**
   * {@code -XX:TieredStopAtLevel=1} for {@code run --until-empty}, as {@code ./loginetl} gives it: a
   * process that ends when the queue is empty compiles with C1 only, which costs far less CPU in its
   * first hundreds of thousands of messages on one core; a long-running {@code run} keeps the JVM's
   * default (C1 then C2), which costs less per message once warm (docs/performance.md, "Cold start and memory").
   */
  static List<String> jitOptions(List<String> args) {
    String command = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    return command.equals("run") && args.contains("--until-empty") ? List.of("-XX:TieredStopAtLevel=1") : List.of();
  }

  /** The options that start the runner from its class-data archive; none when it has none, or an older one. */
  static List<String> archiveOptions(Path jar) {
    String name = jar.getFileName().toString();
    Path archive = jar.resolveSibling(name.endsWith(".jar") ? name.substring(0, name.length() - 4) + ".jsa" : name + ".jsa");
    try {
      if (Files.isRegularFile(archive)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
      }
    } catch (IOException e) {
      // no usable archive: start without
    }
    return List.of();
  }

  /**
   * Runs {@code command} (pinned as {@code pinning} says) to its end, its output to {@code output}.
   *
   * @param environment added to this process's environment, for the database password
   */
  static Finished run(List<String> command, Map<String, String> environment, Pinning pinning, Path output)
      throws InterruptedException {
    requireNonNull(output, "output");
    ProcessBuilder builder = new ProcessBuilder(pinning.wrap(command)).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    // This process's counters of waited-for children, before and after: exact, where there is /proc.
    ProcStat before = ProcStat.self();
    Instant launched = Instant.now();
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new EtlException("could not start the runner (" + command.get(0) + "): " + e.getMessage(), e);
    }
    double lastReading = 0;
    try {
      while (!process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        lastReading = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(lastReading);
      }
    } catch (InterruptedException e) {
      process.destroy();
      throw e;
    }
    double wall = (System.nanoTime() - start) / 1e9;
    ProcStat after = before == null ? null : ProcStat.self();
    boolean exact = after != null;
    double cpu = exact ? after.childrenSeconds() - before.childrenSeconds() : lastReading;
    return new Finished(command, process.exitValue(), launched, wall, cpu, exact, output);
  }
}
