package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.sqs.QueueDepth;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The memory check: the pipeline as a separate {@code loginetl run --until-empty} process with a
 * small heap ({@code -Xmx}), draining a queue seeded in this process (whose embedded ElasticMQ holds
 * every message in this heap, not the runner's). The runner's peak heap comes from its GC log: the
 * most heap in use before any collection. The documented target run is a million messages with
 * {@code -Xmx64m} (docs/performance.md, "Cold start and memory").
 *
 * <p>Works in a database of its own ({@link RunnerFixture}), since {@code run} always writes to the
 * {@code public} schema.
 */
public final class RunnerDrain {
  private static final Pattern GC_PAUSE = Pattern.compile("\\bGC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private RunnerDrain() {}

  /**
   * Seeds {@code messages}, runs the runner jar with {@code -Xmx<heap>} until the queue is empty, and
   * reports what it did.
   *
   * @param jar the packaged runner, {@code loginetl.jar}
   * @param heap a {@code -Xmx} size, such as {@code 64m}
   * @param javaOptions JVM options after those {@code ./loginetl} gives the runner and the heap's
   */
  public static BenchReport.MemoryDrain run(BenchSetup setup, PiiKeyset key, MaskingStrategy strategy, Path jar,
      String heap, List<String> javaOptions, long messages, long seed, PrintWriter out) throws InterruptedException {
    requireNonNull(jar, "jar");
    if (!heap.matches("\\d+[kKmMgG]?")) {
      throw new IllegalArgumentException("the runner heap must be a -Xmx size such as 64m, was '" + heap + "'");
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the runner jar " + jar + " does not exist: build it with ./mvnw -pl etl-app -am package");
    }
    out.printf("Seeding %,d messages...%n", messages);
    out.flush();
    return BenchQueue.seeded(setup, "runner", seed, messages, (admin, queueUrl, seeded) -> {
      out.printf("Seeded %,d messages in %.1f s.%n", seeded.sent(), seeded.seconds());
      try (RunnerFixture fixture = RunnerFixture.create(setup, key, strategy)) {
        Path gcLog = fixture.file("gc.log");
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog));
        jvm.addAll(javaOptions);
        List<String> command = RunnerProcess.command(jar, jvm, fixture.runArgs(queueUrl));
        out.printf("Running the pipeline as a separate process with -Xmx%s:%n  %s%n", heap, String.join(" ", command));
        out.flush();
        RunnerProcess.Finished finished =
            RunnerProcess.run(command, fixture.environment(), Pinning.NONE, fixture.file("runner.log"));
        GcSummary gc = GcSummary.parse(gcLog);
        QueueDepth depth = admin.depth(queueUrl);
        long[] stored = fixture.counts();
        if (finished.exitCode() != 0) {
          out.println("The runner failed; the end of its output:");
          finished.tail(20).forEach(line -> out.println("  " + line));
        }
        double seconds = finished.wallSeconds();
        return new BenchReport.MemoryDrain(heap, seeded.sent(), String.join(" ", command), finished.exitCode(),
            BareDrain.round3(seconds), StageClock.round(seeded.sent() / seconds, 0), gc.peakBytes(), gc.count(),
            depth.total(), stored[0], stored[1], finished.outOfMemory(), BareDrain.round3(finished.cpuSeconds()));
      }
    });
  }

  /** The most heap in use before a collection, and how many there were. */
  record GcSummary(long peakBytes, int count) {
    static GcSummary parse(Path log) {
      if (!Files.isRegularFile(log)) {
        return new GcSummary(-1, 0);
      }
      try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
        long peak = -1;
        int count = 0;
        for (String line : (Iterable<String>) lines::iterator) {
          Matcher m = GC_PAUSE.matcher(line);
          if (m.find()) {
            count++;
            peak = Math.max(peak, bytes(m.group(1), m.group(2)));
          }
        }
        return new GcSummary(peak, count);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static long bytes(String number, String unit) {
      long value = Long.parseLong(number);
      switch (unit.toUpperCase(Locale.ROOT)) {
        case "G":
          return value << 30;
        case "M":
          return value << 20;
        default:
          return value << 10;
      }
    }
  }

  static String withDatabase(String jdbcUrl, String database) {
    return RunnerFixture.withDatabase(jdbcUrl, database);
  }
}
