package dev.loginetl.lab.bench;

import dev.loginetl.lab.bench.BenchReport.ColdPhase;
import dev.loginetl.lab.bench.BenchReport.Isolation;
import dev.loginetl.lab.bench.BenchReport.MemoryDrain;
import dev.loginetl.lab.bench.BenchReport.Summary;
import dev.loginetl.lab.bench.BenchReport.Target;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The goals the benchmark checks, by the names the report gives them (docs/performance.md, "The goals"). Every
 * name is always in the report, in this order; a goal this invocation did not measure has a null
 * value and a null {@code met}, and its detail says how to measure it. New goals are added at the end.
 */
public final class Targets {
  /** Pipeline rate over bare-drain rate, median of the runs. */
  public static final String PIPELINE_TO_BARE_DRAIN = "pipelineToBareDrain";
  /** Pipeline rate over naive-loop rate, median of the runs. */
  public static final String PIPELINE_TO_NAIVE = "pipelineToNaive";
  /** Seconds from launching a fresh runner to its first commit, median of the runs. */
  public static final String COLD_START_FIRST_COMMIT = "coldStartFirstCommitSeconds";
  /** Seconds for a fresh runner to drain the seeded backlog, start and exit included, median of the runs. */
  public static final String COLD_DRAIN = "coldDrainSeconds";
  /**
   * Messages a runner with a 64 MB heap stored or rejected; met when they are all of a million, the
   * runner exited 0 and never ran out of memory.
   */
  public static final String MEMORY_MILLION_AT_64M = "memoryMillionAt64m";
  /**
   * Pipeline rate over bare-drain rate, median of the runs, judged only when the servers ran in
   * processes of their own pinned to other CPUs than this JVM ({@code --isolate}).
   */
  public static final String ISOLATED_PIPELINE_TO_BARE_DRAIN = "isolatedPipelineToBareDrain";
  /**
   * This JVM's CPU per message in the bare drain over that in the pipeline, median of the runs' ratios;
   * judged only when the servers ran in processes of their own ({@code --isolate}), so that the JVM's
   * CPU is the runner's alone. At least 0.90: everything beyond the SQS calls costs at most about a
   * ninth of what they cost.
   */
  public static final String ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU = "isolatedBareDrainToPipelineCpu";

  /** Adaptive (default) receivers' rate over the best fixed count's, at a simulated round trip of 0 ms. */
  public static final String ADAPTIVE_TO_BEST_FIXED_RTT0 = "adaptiveToBestFixedRtt0";
  /** The same at 10 ms. */
  public static final String ADAPTIVE_TO_BEST_FIXED_RTT10 = "adaptiveToBestFixedRtt10";
  /** The same at 30 ms. */
  public static final String ADAPTIVE_TO_BEST_FIXED_RTT30 = "adaptiveToBestFixedRtt30";
  /** p99 of sent-to-commit milliseconds at a steady 50% of the pipeline's capacity. */
  public static final String FRESHNESS_P99_AT_50 = "freshnessP99At50";

  static final double PIPELINE_TO_BARE_DRAIN_GOAL = 0.85;
  static final double ADAPTIVE_TO_BEST_FIXED_GOAL = 0.90;
  static final double FRESHNESS_P99_GOAL_MILLIS = 250;
  static final double PIPELINE_TO_NAIVE_GOAL = 30;
  static final double COLD_START_GOAL_SECONDS = 2.0;
  static final double COLD_DRAIN_GOAL_SECONDS = 10.0;
  static final long COLD_DRAIN_GOAL_MESSAGES = 20_000;
  static final long MEMORY_GOAL_MESSAGES = 1_000_000;
  static final long MEMORY_GOAL_HEAP_BYTES = 64L << 20;
  static final double ISOLATED_PIPELINE_TO_BARE_DRAIN_GOAL = 0.90;
  static final double ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU_GOAL = 0.90;
  private static final String ISOLATE_HOW = "./loginetl bench --isolate (servers in processes of their own, "
      + "pinned with taskset to other CPUs than the benchmark's JVM)";

  private Targets() {}

  /**
   * Every goal, from what this invocation measured; any argument may be null when its phases did not
   * run.
   */
  static Map<String, Target> of(Summary median, MemoryDrain memory, ColdPhase coldStart, ColdPhase coldDrain) {
    return of(median, memory, coldStart, coldDrain, null);
  }

  /**
   * Every goal, from what this invocation measured; any argument may be null when its phases did not
   * run, {@code isolation} when the servers shared this JVM.
   */
  static Map<String, Target> of(Summary median, MemoryDrain memory, ColdPhase coldStart, ColdPhase coldDrain,
      Isolation isolation) {
    Map<String, Target> targets = new LinkedHashMap<>();
    targets.put(PIPELINE_TO_BARE_DRAIN, median == null
        ? notMeasured(PIPELINE_TO_BARE_DRAIN_GOAL, ">=", "ratio", "run the three phases: ./loginetl bench")
        : atLeast(median.pipelineToBareDrain(), PIPELINE_TO_BARE_DRAIN_GOAL, "ratio",
            "pipeline msg/s over bare-drain msg/s, median of the runs; servers in the benchmark's process unless given"));
    targets.put(PIPELINE_TO_NAIVE, median == null
        ? notMeasured(PIPELINE_TO_NAIVE_GOAL, ">=", "ratio", "run the three phases: ./loginetl bench")
        : atLeast(median.pipelineToNaive(), PIPELINE_TO_NAIVE_GOAL, "ratio",
            "pipeline msg/s over naive-loop msg/s, median of the runs"));
    targets.put(COLD_START_FIRST_COMMIT, coldStart == null || coldStart.median().firstCommitSeconds() == null
        ? notMeasured(COLD_START_GOAL_SECONDS, "<=", "s",
            coldStart == null ? "run the cold phases: ./loginetl bench (not --no-cold)"
                : "the runner logged no first commit (a runner older than that log line?)")
        : atMost(coldStart.median().firstCommitSeconds(), COLD_START_GOAL_SECONDS, "s",
            String.format(Locale.ROOT, "launch of a fresh runner to its first commit, 1 message, schema current; median of %d "
                + "run(s); %s", coldStart.runs().size(), coldStart.pinning())));
    targets.put(COLD_DRAIN, coldDrainTarget(coldDrain));
    targets.put(MEMORY_MILLION_AT_64M, memoryTarget(memory));
    Isolation where = isolation == null ? Isolation.SHARED : isolation;
    targets.put(ISOLATED_PIPELINE_TO_BARE_DRAIN, isolatedRateTarget(median, where));
    targets.put(ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU, isolatedCpuTarget(median, where));
    return targets;
  }

  private static Target isolatedRateTarget(Summary median, Isolation isolation) {
    if (median == null) {
      return notMeasured(ISOLATED_PIPELINE_TO_BARE_DRAIN_GOAL, ">=", "ratio", "run the warm phases with " + ISOLATE_HOW);
    }
    if (!isolation.isolated() || !isolation.pinned()) {
      // The figure exists, but with the servers sharing the runner's CPUs it is not the goal's.
      return new Target(median.pipelineToBareDrain(), ISOLATED_PIPELINE_TO_BARE_DRAIN_GOAL, ">=", "ratio", null,
          isolation.description() + "; judged with " + ISOLATE_HOW);
    }
    return atLeast(median.pipelineToBareDrain(), ISOLATED_PIPELINE_TO_BARE_DRAIN_GOAL, "ratio",
        "pipeline msg/s over bare-drain msg/s, median of the runs; " + isolation.description());
  }

  private static Target isolatedCpuTarget(Summary median, Isolation isolation) {
    if (median == null || median.bareDrainToPipelineCpu() == null) {
      return notMeasured(ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU_GOAL, ">=", "ratio",
          "run the warm phases with " + ISOLATE_HOW);
    }
    // Judged on the drains' second halves, the steady state of a runner that has been running a while;
    // the whole drains' figures, which carry each phase's start, are given too.
    boolean steady = median.bareDrainToPipelineSteadyCpu() != null;
    double ratio = steady ? median.bareDrainToPipelineSteadyCpu() : median.bareDrainToPipelineCpu();
    String figures = String.format(Locale.ROOT, "the benchmark JVM's CPU per message (all threads, GC and JIT)%s: bare drain "
        + "%,.1f µs over pipeline %,.1f µs, median of the runs' ratios; over the whole drains %,.1f over %,.1f µs (%.2f)",
        steady ? " over the second half of each drain" : "",
        steady ? median.bareDrainSteadyCpuMicrosPerMessage() : median.bareDrainCpuMicrosPerMessage(),
        steady ? median.pipelineSteadyCpuMicrosPerMessage() : median.pipelineCpuMicrosPerMessage(),
        median.bareDrainCpuMicrosPerMessage(), median.pipelineCpuMicrosPerMessage(), median.bareDrainToPipelineCpu());
    if (!isolation.isolated()) {
      // The JVM also ran the embedded queue server: its CPU is in both figures.
      return new Target(ratio, ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU_GOAL, ">=", "ratio", null,
          figures + ", the embedded ElasticMQ's included; judged with " + ISOLATE_HOW);
    }
    return atLeast(ratio, ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU_GOAL, "ratio", figures + "; " + isolation.description());
  }


  /**
   * Every goal, from what this invocation measured; any argument may be null when its phases did not
   * run.
   */
  static Map<String, Target> of(Summary median, MemoryDrain memory, ColdPhase coldStart, ColdPhase coldDrain,
      ReceiverSweep.Report sweep, Freshness.Report freshness) {
    return of(median, memory, coldStart, coldDrain, null, sweep, freshness);
  }

  /**
   * Every goal, from what this invocation measured; any argument may be null when its phases did not
   * run, {@code isolation} when the servers shared this JVM.
   */
  static Map<String, Target> of(Summary median, MemoryDrain memory, ColdPhase coldStart, ColdPhase coldDrain,
      Isolation isolation, ReceiverSweep.Report sweep, Freshness.Report freshness) {
    Map<String, Target> targets = of(median, memory, coldStart, coldDrain, isolation);
    targets.put(ADAPTIVE_TO_BEST_FIXED_RTT0, adaptiveTarget(sweep, 0));
    targets.put(ADAPTIVE_TO_BEST_FIXED_RTT10, adaptiveTarget(sweep, 10));
    targets.put(ADAPTIVE_TO_BEST_FIXED_RTT30, adaptiveTarget(sweep, 30));
    targets.put(FRESHNESS_P99_AT_50, freshnessTarget(freshness, 50));
    return targets;
  }

  private static Target adaptiveTarget(ReceiverSweep.Report sweep, int rttMillis) {
    ReceiverSweep.Rtt at = sweep == null ? null : sweep.at(rttMillis);
    if (at == null) {
      return notMeasured(ADAPTIVE_TO_BEST_FIXED_GOAL, ">=", "ratio", "./loginetl bench --sqs-rtt-ms 0,10,30");
    }
    return atLeast(at.adaptiveToBestFixed(), ADAPTIVE_TO_BEST_FIXED_GOAL, "ratio", String.format(Locale.ROOT,
        "at a simulated round trip of %d ms (%s): the default settings' %,.0f msg/s, settled at %d receivers, over "
            + "the best fixed --receivers %d's %,.0f msg/s; %,d messages or %d s per drain",
        rttMillis, ReceiverSweep.SIMULATION, at.adaptive().messagesPerSecond(), at.adaptiveSettledReceivers(),
        at.bestFixedReceivers(), at.bestFixedPerSecond(), sweep.messagesPerDrain(), sweep.secondsPerDrain()));
  }

  private static Target freshnessTarget(Freshness.Report freshness, int percent) {
    Freshness.Level level = freshness == null ? null : freshness.at(percent);
    if (level == null || level.latency() == null) {
      return notMeasured(FRESHNESS_P99_GOAL_MILLIS, "<=", "ms", "./loginetl bench --freshness");
    }
    return atMost(level.latency().p99Millis(), FRESHNESS_P99_GOAL_MILLIS, "ms", String.format(Locale.ROOT,
        "sent-to-commit p99 of %,d messages sent at a steady %,.0f msg/s (%d%% of %,.0f msg/s) for %d s, the first %d s "
            + "not counted; default settings, never stopping when empty",
        level.latency().count(), level.achievedPerSecond(), percent, freshness.capacityPerSecond(), freshness.seconds(),
        freshness.warmupSeconds()));
  }

  private static Target coldDrainTarget(ColdPhase coldDrain) {
    if (coldDrain == null) {
      return notMeasured(COLD_DRAIN_GOAL_SECONDS, "<=", "s", "run the cold phases: ./loginetl bench (not --no-cold)");
    }
    boolean allDrained = coldDrain.runs().stream()
        .allMatch(r -> r.exitCode() == 0 && r.queueLeft() == 0 && r.loaded() + r.rejected() == r.messages());
    String detail = String.format(Locale.ROOT, "%,d messages drained by a fresh runner, launch to exit; median of %d "
        + "run(s); %s", coldDrain.messages(), coldDrain.runs().size(), coldDrain.pinning());
    Target measured = atMost(coldDrain.median().wallSeconds(), COLD_DRAIN_GOAL_SECONDS, "s", detail);
    if (!allDrained) {
      return new Target(measured.value(), measured.target(), measured.comparison(), measured.unit(), false,
          detail + "; a run did not drain every message or failed");
    }
    if (coldDrain.messages() < COLD_DRAIN_GOAL_MESSAGES) {
      // Fewer messages than the goal's backlog: a figure, not a verdict.
      return new Target(measured.value(), measured.target(), measured.comparison(), measured.unit(), null,
          detail + String.format(Locale.ROOT, "; the goal is for %,d messages", COLD_DRAIN_GOAL_MESSAGES));
    }
    return measured;
  }

  private static Target memoryTarget(MemoryDrain memory) {
    if (memory == null) {
      return notMeasured(MEMORY_GOAL_MESSAGES, ">=", "messages",
          "LOGINETL_JAVA_OPTS=-Xmx4g ./loginetl bench --runner-heap 64m --messages 1000000");
    }
    long accounted = memory.loaded() + memory.rejected();
    boolean clean = memory.exitCode() == 0 && !memory.outOfMemory() && memory.queueLeft() == 0
        && accounted == memory.messages();
    String detail = String.format(Locale.ROOT, "runner with -Xmx%s: exit code %d, %s, peak heap %s MB from its GC log, "
            + "%,d left on the queue", memory.heap(), memory.exitCode(),
        memory.outOfMemory() ? "OutOfMemoryError" : "no OutOfMemoryError",
        memory.peakHeapBytes() < 0 ? "unknown" : String.valueOf(memory.peakHeapBytes() >> 20), memory.queueLeft());
    Boolean met;
    if (!clean) {
      met = false;
    } else if (heapBytes(memory.heap()) > MEMORY_GOAL_HEAP_BYTES || memory.messages() < MEMORY_GOAL_MESSAGES) {
      met = null; // not the goal's run (a larger heap, or fewer messages): a figure, not a verdict
      detail += String.format(Locale.ROOT, "; the goal is for %,d messages with -Xmx64m", MEMORY_GOAL_MESSAGES);
    } else {
      met = true;
    }
    return new Target((double) accounted, MEMORY_GOAL_MESSAGES, ">=", "messages", met, detail);
  }

  static long heapBytes(String heap) {
    String digits = heap.replaceAll("[^0-9]", "");
    long value = Long.parseLong(digits);
    switch (Character.toLowerCase(heap.charAt(heap.length() - 1))) {
      case 'g':
        return value << 30;
      case 'm':
        return value << 20;
      case 'k':
        return value << 10;
      default:
        return value;
    }
  }

  private static Target atMost(double value, double target, String unit, String detail) {
    return new Target(value, target, "<=", unit, value <= target, detail);
  }

  private static Target atLeast(double value, double target, String unit, String detail) {
    return new Target(value, target, ">=", unit, value >= target, detail);
  }

  private static Target notMeasured(double target, String comparison, String unit, String how) {
    return new Target(null, target, comparison, unit, null, "not measured: " + how);
  }
}
