package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's three phases, each on a fresh queue seeded with the same generated messages:
 * bare drain (receive and delete only), the pipeline into an empty table, and the naive loop over a
 * smaller subset; after a warm-up, repeated {@code runs} times. Prints a line per phase as it goes.
 *
 * <p>Not thread-safe; one benchmark at a time per server pair. Queues and schemas it makes are named
 * {@code loginetl-bench-*} and {@code loginetl_bench_*} and removed afterwards.
 */
public final class Bench {
  /** Sender threads for seeding. */
  static final int SEED_THREADS = 4;
  private static final String PIPELINE_SCHEMA = "loginetl_bench_pipeline";
  private static final String NAIVE_SCHEMA = "loginetl_bench_naive";

  /**
   * How much to run.
   *
   * @param messages per queue for the bare drain and the pipeline
   * @param naiveMessages for the naive loop
   * @param warmupMessages per phase before measuring (the naive loop gets a tenth); 0 for none
   * @param runs measured repetitions
   * @param seed the generator's seed
   * @param profile whether to record where each measured phase's threads spend their CPU
   *     ({@link BenchReport.Profile})
   */
  public record Plan(long messages, long naiveMessages, long warmupMessages, int runs, long seed, boolean profile) {
    public Plan(long messages, long naiveMessages, long warmupMessages, int runs, long seed) {
      this(messages, naiveMessages, warmupMessages, runs, seed, false);
    }

    public Plan {
      if (messages < 1 || naiveMessages < 1 || warmupMessages < 0 || runs < 1) {
        throw new IllegalArgumentException(
            "--messages, --naive-messages and --runs must be at least 1, and --warmup-messages at least 0");
      }
    }
  }

  @FunctionalInterface
  private interface PhaseRun {
    BenchReport.Phase run(String queueUrl, Seeder.Seeded seeded, Resources resources) throws InterruptedException;
  }

  private final BenchSetup setup;
  private final Plan plan;
  private final PrintWriter out;
  private final Resources resources;

  public Bench(BenchSetup setup, Plan plan, PrintWriter out) {
    this(setup, plan, out, null);
  }

  /** As {@link #Bench(BenchSetup, Plan, PrintWriter)}, also measuring the CPU of {@code servers} (nullable). */
  public Bench(BenchSetup setup, Plan plan, PrintWriter out, IsolatedServers servers) {
    this.setup = requireNonNull(setup, "setup");
    this.plan = requireNonNull(plan, "plan");
    this.out = requireNonNull(out, "out");
    this.resources = new Resources(plan.profile(), servers == null ? ServerCpu.NONE : servers.serverCpu());
  }

  /** Warms up, then measures every run. */
  public List<BenchReport.Run> runAll() throws InterruptedException {
    if (plan.warmupMessages() > 0) {
      out.printf("Warming up (%,d messages per phase, not measured)...%n", plan.warmupMessages());
      out.flush();
      runOnce(0, plan.warmupMessages(), Math.max(1, Math.min(plan.naiveMessages(), plan.warmupMessages() / 10)), false);
    }
    List<BenchReport.Run> runs = new ArrayList<>();
    for (int run = 1; run <= plan.runs(); run++) {
      out.printf("Run %d of %d:%n", run, plan.runs());
      out.flush();
      runs.add(runOnce(run, plan.messages(), plan.naiveMessages(), true));
    }
    return runs;
  }

  private BenchReport.Run runOnce(int run, long messages, long naiveMessages, boolean print)
      throws InterruptedException {
    BenchReport.Phase bare = phase("drain", messages, (queue, seeded, res) -> BareDrain.run(setup, queue, seeded, res));
    if (print) {
      printPhase(bare, bare);
    }
    BenchReport.Phase pipeline = phase("pipeline", messages, (queue, seeded, res) -> {
      recreateSchema(PIPELINE_SCHEMA);
      try {
        return PipelineDrain.run(setup, queue, PIPELINE_SCHEMA, seeded, res);
      } finally {
        dropSchema(PIPELINE_SCHEMA);
      }
    });
    if (print) {
      printPhase(pipeline, bare);
    }
    BenchReport.Phase naive = phase("naive", naiveMessages, (queue, seeded, res) -> {
      recreateSchema(NAIVE_SCHEMA);
      try {
        return NaiveLoop.run(setup, queue, NAIVE_SCHEMA, seeded, res);
      } finally {
        dropSchema(NAIVE_SCHEMA);
      }
    });
    if (print) {
      printPhase(naive, bare);
      out.printf("  ratios: pipeline / bare drain %.2f, pipeline / naive loop %.1f%n",
          pipeline.messagesPerSecond() / bare.messagesPerSecond(),
          pipeline.messagesPerSecond() / naive.messagesPerSecond());
      out.flush();
    }
    return new BenchReport.Run(run, bare, pipeline, naive,
        StageClock.round(pipeline.messagesPerSecond() / bare.messagesPerSecond(), 3),
        StageClock.round(pipeline.messagesPerSecond() / naive.messagesPerSecond(), 1));
  }

  /** Seeds a fresh queue, runs the phase on it, deletes the queue. */
  private BenchReport.Phase phase(String name, long messages, PhaseRun phase) throws InterruptedException {
    return BenchQueue.seeded(setup, name, plan.seed(), messages, (admin, queueUrl, seeded) -> {
      BenchReport.Phase result = phase.run(queueUrl, seeded, resources).withProfile(resources.takeProfile());
      if (result.messages() != seeded.sent()) {
        throw new EtlException("the " + result.name() + " deleted " + result.messages() + " of the "
            + seeded.sent() + " messages seeded");
      }
      return result;
    });
  }

  private void printPhase(BenchReport.Phase phase, BenchReport.Phase bare) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-11s %,10d msgs %8.2f s %,9.0f msg/s  x%.2f of bare drain",
        phase.name(), phase.messages(), phase.seconds(), phase.messagesPerSecond(),
        phase.messagesPerSecond() / bare.messagesPerSecond()));
    if (phase.latency() != null) {
      line.append(String.format(Locale.ROOT, "  sent->commit p50 %,d ms p99 %,d ms", phase.latency().p50Millis(),
          phase.latency().p99Millis()));
    }
    line.append(String.format(Locale.ROOT, "  peak heap %,d MB  cpu %.2f of %d cores", phase.peakHeapBytes() >> 20,
        phase.cpu().machineCores(), Runtime.getRuntime().availableProcessors()));
    if (phase.cpuMicrosPerMessage() != null) {
      line.append(String.format(Locale.ROOT, ", this JVM %,.0f µs/msg", phase.cpuMicrosPerMessage()));
      if (phase.cpu().steadyCpuMicrosPerMessage() != null) {
        line.append(String.format(Locale.ROOT, " (second half %,.0f)", phase.cpu().steadyCpuMicrosPerMessage()));
      }
      if (phase.cpu().jvmKernelCpuSeconds() != null && phase.cpu().jvmCpuSeconds() > 0) {
        line.append(String.format(Locale.ROOT, " (%.0f%% in the kernel)",
            100 * phase.cpu().jvmKernelCpuSeconds() / phase.cpu().jvmCpuSeconds()));
      }
    }
    if (phase.cpu().serverCpuSeconds() != null && phase.messages() > 0) {
      phase.cpu().serverCpuSeconds().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(server ->
          line.append(String.format(Locale.ROOT, ", %s %,.0f µs/msg", server.getKey(),
              server.getValue() * 1e6 / phase.messages())));
    }
    out.println(line);
    if (phase.profile() != null) {
      ProfilePrinter.print(phase.profile(), out);
    }
    out.flush();
  }

  /** The median of each figure over the runs. */
  public static BenchReport.Summary median(List<BenchReport.Run> runs) {
    return new BenchReport.Summary(
        median(runs, r -> r.bareDrain().messagesPerSecond()),
        median(runs, r -> r.pipeline().messagesPerSecond()),
        median(runs, r -> r.naive().messagesPerSecond()),
        StageClock.round(median(runs, BenchReport.Run::pipelineToBareDrain), 3),
        StageClock.round(median(runs, BenchReport.Run::pipelineToNaive), 1),
        median(runs, r -> r.pipeline().latency() == null ? 0 : r.pipeline().latency().p50Millis()),
        median(runs, r -> r.pipeline().latency() == null ? 0 : r.pipeline().latency().p99Millis()),
        (long) median(runs, r -> r.pipeline().peakHeapBytes()),
        medianOrNull(runs, r -> r.bareDrain().cpuMicrosPerMessage(), 1),
        medianOrNull(runs, r -> r.pipeline().cpuMicrosPerMessage(), 1),
        medianOrNull(runs, r -> r.bareDrain().cpuMicrosPerMessage() == null || r.pipeline().cpuMicrosPerMessage() == null
            || r.pipeline().cpuMicrosPerMessage() == 0 ? null
            : r.bareDrain().cpuMicrosPerMessage() / r.pipeline().cpuMicrosPerMessage(), 3),
        medianOrNull(runs, r -> steady(r.bareDrain()), 1),
        medianOrNull(runs, r -> steady(r.pipeline()), 1),
        medianOrNull(runs, r -> steady(r.bareDrain()) == null || steady(r.pipeline()) == null || steady(r.pipeline()) == 0
            ? null : steady(r.bareDrain()) / steady(r.pipeline()), 3));
  }

  /** A phase's CPU per message over its second half; null when not measured. */
  private static Double steady(BenchReport.Phase phase) {
    return phase.cpu() == null ? null : phase.cpu().steadyCpuMicrosPerMessage();
  }

  /** The median of a figure some runs may lack; null when a run lacks it. */
  private static Double medianOrNull(List<BenchReport.Run> runs, java.util.function.Function<BenchReport.Run, Double> figure,
      int decimals) {
    List<Double> values = new ArrayList<>();
    for (BenchReport.Run run : runs) {
      Double value = figure.apply(run);
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return values.isEmpty() ? null : StageClock.round(Stats.median(values), decimals);
  }

  private static double median(List<BenchReport.Run> runs, ToDoubleFunction<BenchReport.Run> figure) {
    List<Double> values = new ArrayList<>();
    for (BenchReport.Run run : runs) {
      values.add(figure.applyAsDouble(run));
    }
    return Stats.median(values);
  }

  /** How busy the rest of the machine is, measured over two idle seconds. */
  public static double backgroundCores() throws InterruptedException {
    return Resources.backgroundCores(2_000);
  }

  /** The receiver count as run: {@code 4}, or {@code adaptive 2-32}. */
  static String receivers(BenchReport.Settings settings) {
    return settings.receivers() == settings.maxReceivers() ? Integer.toString(settings.receivers())
        : "adaptive " + settings.receivers() + "-" + settings.maxReceivers();
  }

  /** Prints the summary table of a report. */
  public static void printSummary(BenchReport report, PrintWriter out) {
    BenchReport.Summary m = report.median();
    String of = report.runs().size() == 1 ? "" : " (median of " + report.runs().size() + " runs)";
    out.println();
    out.println("Benchmark" + of + ", " + report.settings().messages() + " messages, " + report.settings().masking()
        + ", " + receivers(report.settings()) + " receivers, " + report.settings().writers() + " writers, batches of "
        + report.settings().batchSize() + ":");
    out.println("  phase        msg/s");
    out.printf(Locale.ROOT, "  bare drain   %,9.0f%n", m.bareDrainPerSecond());
    out.printf(Locale.ROOT, "  pipeline     %,9.0f%n", m.pipelinePerSecond());
    out.printf(Locale.ROOT, "  naive loop   %,9.0f%n", m.naivePerSecond());
    out.printf(Locale.ROOT, "  pipeline / bare drain %.2f%s (target >= 0.85: %s)%n", m.pipelineToBareDrain(),
        perRun(report, BenchReport.Run::pipelineToBareDrain, "%.2f"), m.pipelineToBareDrain() >= 0.85 ? "met" : "missed");
    out.printf(Locale.ROOT, "  pipeline / naive loop %.1f%s (target >= 30: %s)%n", m.pipelineToNaive(),
        perRun(report, BenchReport.Run::pipelineToNaive, "%.1f"), m.pipelineToNaive() >= 30 ? "met" : "missed");
    out.printf(Locale.ROOT, "  pipeline sent->commit latency p50 %,.0f ms, p99 %,.0f ms (the whole backlog is queued before the drain starts)%n",
        m.latencyP50Millis(), m.latencyP99Millis());
    out.printf(Locale.ROOT, "  pipeline phase peak heap %,d MB (this JVM, embedded servers included)%n",
        m.pipelinePeakHeapBytes() >> 20);
    if (m.bareDrainCpuMicrosPerMessage() != null && m.pipelineCpuMicrosPerMessage() != null) {
      out.printf(Locale.ROOT, "  this JVM's CPU per message (all threads, GC and JIT): bare drain %,.0f µs, pipeline %,.0f µs, "
              + "bare / pipeline %.2f (%s)%n", m.bareDrainCpuMicrosPerMessage(), m.pipelineCpuMicrosPerMessage(),
          m.bareDrainToPipelineCpu(), report.settings().isolation().isolated()
              ? "the runner's alone: " + report.settings().isolation().description()
              : "the embedded ElasticMQ's included; --isolate for the runner's alone");
      if (m.bareDrainToPipelineSteadyCpu() != null) {
        out.printf(Locale.ROOT, "  over the second half of each drain (steady state): bare drain %,.0f µs, pipeline %,.0f µs, "
            + "bare / pipeline %.2f%n", m.bareDrainSteadyCpuMicrosPerMessage(), m.pipelineSteadyCpuMicrosPerMessage(),
            m.bareDrainToPipelineSteadyCpu());
      }
    }
    if (report.machine().backgroundCores() > 0.2) {
      out.printf(Locale.ROOT, "  note: other processes kept %.2f of the %d cores busy before the benchmark started; "
          + "the figures share the machine with them%n", report.machine().backgroundCores(), report.machine().cores());
    }
    out.flush();
  }

  /** Prints the cold phases of a report, when they ran. */
  public static void printCold(BenchReport report, PrintWriter out) {
    for (BenchReport.ColdPhase phase : new BenchReport.ColdPhase[] {report.coldStart(), report.coldDrain()}) {
      if (phase == null) {
        continue;
      }
      BenchReport.ColdMedian m = phase.median();
      String of = phase.runs().size() == 1 ? "" : " (median of " + phase.runs().size() + " runs)";
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%n%s%s, %,d message(s): %.2f s launch to exit, "
          + "%.2f s of runner CPU (%,.0f µs per message, start included)", capitalised(phase.name()), of, phase.messages(),
          m.wallSeconds(), m.cpuSeconds(), m.cpuMicrosPerMessage()));
      if (m.firstCommitSeconds() != null) {
        line.append(String.format(Locale.ROOT, ", first commit %.2f s after launch", m.firstCommitSeconds()));
      }
      out.println(line);
      out.println("  " + phase.pinning());
    }
    out.flush();
  }

  /** Prints every goal: its figure, its target and whether it was met. */
  public static void printTargets(BenchReport report, PrintWriter out) {
    out.println();
    out.println("Goals:");
    report.targets().forEach((name, target) -> out.printf(Locale.ROOT, "  %-28s %12s  target %s %s %s  %s%n", name,
        target.value() == null ? "-" : figure(target.value()), target.comparison(), figure(target.target()), target.unit(),
        target.met() == null ? "(not judged: " + target.detail() + ")" : target.met() ? "met" : "MISSED"));
    out.flush();
  }

  /** A figure with two decimals, or none when it is whole. */
  private static String figure(double value) {
    return value == Math.rint(value) && Math.abs(value) >= 1
        ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%,.2f", value);
  }

  private static String capitalised(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** With several runs, the per-run ratios the median was taken from; empty for one run. */
  private static String perRun(BenchReport report, ToDoubleFunction<BenchReport.Run> ratio, String format) {
    if (report.runs().size() < 2) {
      return "";
    }
    List<String> values = new ArrayList<>();
    for (BenchReport.Run run : report.runs()) {
      values.add(String.format(Locale.ROOT, format, ratio.applyAsDouble(run)));
    }
    return ", the median of the runs' " + String.join(", ", values);
  }

  private void recreateSchema(String schema) {
    dropSchema(schema);
  }

  private void dropSchema(String schema) {
    Schemas.drop(setup, schema);
  }
}
