package dev.loginetl.lab.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code loginetl bench} measured, as written to its JSON report. Values only: no message
 * body, no personal value, no key. Rates are messages per second; a phase's rate counts from its
 * start to its last deletion.
 *
 * <p>The layout is stable and documented in docs/performance.md ("The report"); {@link #LAYOUT} changes when a
 * field changes meaning or goes away, not when one is added.
 *
 * @param layout the layout's version, {@value #LAYOUT}
 * @param settings what was run
 * @param machine where it ran
 * @param runs each run's figures (empty when only the cold phases or the memory drain ran)
 * @param median nullable: the median of each figure over the runs
 * @param memory nullable: the separate-process drain, when {@code --runner-heap} asked for it
 * @param coldStart nullable: the packaged runner started cold on a one-message queue
 * @param coldDrain nullable: the packaged runner started cold on a seeded backlog
 * @param targets every goal, by a fixed name, with its figure, its target and whether it was met; a
 *     goal this invocation did not measure is present with a null value and a null {@code met}
 * @param receiverSweep nullable: the receiver sweep at simulated round-trip times ({@code --sqs-rtt-ms})
 * @param freshness nullable: sent-to-commit latency under a steady load ({@code --freshness})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchReport(
    int layout,
    Settings settings,
    Machine machine,
    List<Run> runs,
    Summary median,
    MemoryDrain memory,
    ColdPhase coldStart,
    ColdPhase coldDrain,
    Map<String, Target> targets,
    ReceiverSweep.Report receiverSweep,
    Freshness.Report freshness) {

  /** The version of this layout. */
  public static final int LAYOUT = 2;

  public BenchReport {
    runs = List.copyOf(runs);
    // Insertion order is the documented order; LinkedHashMap keeps it in the JSON.
    targets = targets == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
  }

  /** A report of this layout whose targets are computed from its figures. */
  public static BenchReport of(Settings settings, Machine machine, List<Run> runs, Summary median,
      MemoryDrain memory, ColdPhase coldStart, ColdPhase coldDrain) {
    return of(settings, machine, runs, median, memory, coldStart, coldDrain, null, null);
  }

  /** A report of this layout whose targets are computed from its figures; the last two may be null. */
  public static BenchReport of(Settings settings, Machine machine, List<Run> runs, Summary median,
      MemoryDrain memory, ColdPhase coldStart, ColdPhase coldDrain, ReceiverSweep.Report receiverSweep,
      Freshness.Report freshness) {
    return new BenchReport(LAYOUT, settings, machine, runs, median, memory, coldStart, coldDrain,
        Targets.of(median, memory, coldStart, coldDrain, settings == null ? null : settings.isolation(), receiverSweep,
            freshness), receiverSweep, freshness);
  }

  /**
   * The benchmark's settings; {@code sqs} and {@code database} say "embedded" or where they were;
   * {@code coldDrainMessages} is 0 when the cold phases did not run; {@code receivers} is the fixed
   * receiver count, or the fewest of an adaptive one, which {@code maxReceivers} bounds above (equal
   * to {@code receivers} when fixed).
   */
  public record Settings(
      int messages,
      int naiveMessages,
      int warmupMessages,
      int runs,
      String masking,
      int receivers,
      int maxReceivers,
      int writers,
      int batchSize,
      int lingerMillis,
      int maxInFlight,
      long seed,
      String sqs,
      String database,
      String command,
      int coldDrainMessages,
      Isolation isolation) {
    /** Settings of a benchmark whose servers shared this process ({@link Isolation#SHARED}). */
    public Settings(int messages, int naiveMessages, int warmupMessages, int runs, String masking, int receivers,
        int maxReceivers, int writers, int batchSize, int lingerMillis, int maxInFlight, long seed, String sqs,
        String database, String command, int coldDrainMessages) {
      this(messages, naiveMessages, warmupMessages, runs, masking, receivers, maxReceivers, writers, batchSize, lingerMillis,
          maxInFlight, seed, sqs, database, command, coldDrainMessages, Isolation.SHARED);
    }

    public Settings {
      isolation = isolation == null ? Isolation.SHARED : isolation;
    }
  }

  /**
   * Where the servers ran during the warm phases, relative to the measured runner (this JVM).
   *
   * @param isolated whether the queue server and PostgreSQL ran in processes of their own
   *     ({@code --isolate}), so that this JVM's CPU is the runner's alone
   * @param pinned whether, in addition, this JVM and the servers were pinned with {@code taskset} to
   *     different CPUs
   * @param runnerCpu nullable: the CPU this JVM was pinned to
   * @param serverCpus nullable: the CPUs the servers were pinned to, as a {@code taskset} list
   * @param description what ran where, in a sentence
   */
  public record Isolation(boolean isolated, boolean pinned, Integer runnerCpu, String serverCpus, String description) {
    /** The default: the embedded queue server in this JVM, nothing pinned for the warm phases. */
    public static final Isolation SHARED = new Isolation(false, false, null, null,
        "shared: the embedded ElasticMQ runs in the benchmark's JVM; nothing pinned during the warm phases");
  }

  /**
   * The machine: cores seen by the JVM, its heap limit, Java and OS, and {@code backgroundCores}:
   * how busy other processes kept it while the benchmark sat idle before starting (0 on a quiet
   * machine; every figure shares the machine with that load).
   */
  public record Machine(int cores, long maxHeapBytes, String java, String vm, String os, double backgroundCores) {}

  /**
   * One run: the three phases and the ratios of their rates.
   *
   * @param pipelineToBareDrain pipeline rate / bare drain rate (target at least 0.85)
   * @param pipelineToNaive pipeline rate / naive loop rate (target at least 30)
   */
  public record Run(
      int run, Phase bareDrain, Phase pipeline, Phase naive, double pipelineToBareDrain, double pipelineToNaive) {}

  /**
   * One measured phase.
   *
   * @param seeded messages put on its fresh queue
   * @param seedSeconds how long seeding took (not part of the rate)
   * @param messages messages deleted from the queue
   * @param seconds from the start to the last deletion
   * @param wallSeconds from the start until every thread stopped (includes the final empty poll)
   * @param messagesPerSecond {@code messages / seconds}
   * @param peakHeapBytes the sum of the heap pools' peaks during the phase, in the benchmark JVM
   *     (which also holds the embedded servers' queues): an upper bound
   * @param loaded nullable: rows the phase stored (not for the bare drain)
   * @param rejected nullable: rejections the phase stored
   * @param latency nullable: sent timestamp to commit, over the messages stored
   * @param stages time in each stage, summed over threads
   * @param cpu where the machine's CPU went during the phase
   * @param cpuMicrosPerMessage nullable: this JVM's CPU over the phase (all threads, GC and JIT
   *     included) per message deleted; the runner's own cost only with {@code --isolate}, since
   *     otherwise the JVM also holds the embedded queue server
   * @param profile nullable: where the phase's threads spent their CPU, with {@code --profile}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Phase(
      String name,
      long seeded,
      double seedSeconds,
      long messages,
      double seconds,
      double wallSeconds,
      double messagesPerSecond,
      long peakHeapBytes,
      Long loaded,
      Long rejected,
      Latency latency,
      Map<String, Stage> stages,
      Cpu cpu,
      Double cpuMicrosPerMessage,
      Profile profile) {
    /** A phase without a profile, its CPU per message taken from {@code cpu}. */
    public Phase(String name, long seeded, double seedSeconds, long messages, double seconds, double wallSeconds,
        double messagesPerSecond, long peakHeapBytes, Long loaded, Long rejected, Latency latency,
        Map<String, Stage> stages, Cpu cpu) {
      this(name, seeded, seedSeconds, messages, seconds, wallSeconds, messagesPerSecond, peakHeapBytes, loaded,
          rejected, latency, stages, cpu,
          cpu == null || cpu.jvmCpuSeconds() == null || messages == 0 ? null
              : StageClock.round(cpu.jvmCpuSeconds() * 1e6 / messages, 1),
          null);
    }

    /** This phase with {@code profile} (nullable). */
    public Phase withProfile(Profile profile) {
      return new Phase(name, seeded, seedSeconds, messages, seconds, wallSeconds, messagesPerSecond, peakHeapBytes,
          loaded, rejected, latency, stages, cpu, cpuMicrosPerMessage, profile);
    }
  }

  /**
   * Where a phase's threads spent their CPU, from Java Flight Recorder's execution samples (threads
   * running Java code, every {@code periodMillis}); CPU in GC, JIT and the kernel (socket calls) is
   * not sampled: it shows in {@code cpuMicrosPerMessage}, not here.
   *
   * @param samples execution samples of the threads kept
   * @param periodMillis the sampling period
   * @param threads which threads were kept
   * @param buckets share of the samples (percent) by what the code is for: each sample counts for the
   *     first frame from the top of its stack that belongs to a known library (so the JDK's code that
   *     Jackson calls counts as JSON), else for {@code jdk} or {@code other}; largest first
   * @param topFrames the methods that were on top of the stack most often (self time), with their
   *     share in percent, largest first
   */
  public record Profile(long samples, int periodMillis, String threads, Map<String, Double> buckets,
      List<Frame> topFrames) {
    public Profile {
      buckets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buckets));
      topFrames = List.copyOf(topFrames);
    }
  }

  /** A method ({@code class.method}) and its share of the samples, in percent. */
  public record Frame(String method, double share) {}

  /** Percentiles of sent-to-commit times, in milliseconds (the queue's timestamps have ms precision). */
  public record Latency(long count, long p50Millis, long p99Millis, long maxMillis) {}

  /**
   * Time in one stage.
   *
   * @param calls how many calls
   * @param items messages they carried
   * @param totalMillis summed over threads
   * @param meanMicros per call
   * @param busyThreads {@code totalMillis} over the phase's duration: how many threads were in the
   *     stage on average
   */
  public record Stage(long calls, long items, long totalMillis, double meanMicros, double busyThreads) {}

  /**
   * CPU use during a phase, in cores (1.0 = one core busy throughout).
   *
   * @param machineCores the whole machine, from {@code /proc/stat} (absent elsewhere: -1)
   * @param jvmCores this JVM (benchmark, pipeline, embedded ElasticMQ, GC and JIT)
   * @param otherCores the rest of the machine: mostly PostgreSQL's processes
   * @param jvmThreadCores this JVM's threads by group: pipeline, sqs-server, bench, other; what
   *     remains of {@code jvmCores} is GC, JIT and threads that ended during the phase
   * @param jvmCpuSeconds nullable: this JVM's CPU time over the phase, all threads, GC and JIT included
   * @param jvmKernelCpuSeconds nullable: the part of {@code jvmCpuSeconds} spent in the kernel (system
   *     calls: sockets), from {@code /proc/self/stat}, to 10 ms; absent where there is none
   * @param serverCpuSeconds nullable: with {@code --isolate}, the CPU seconds each server's processes
   *     used over the phase ({@code sqs-server}: ElasticMQ's JVM; {@code postgresql}: the postmaster
   *     and its backends), from {@code /proc}, to 10 ms
   * @param steadyCpuMicrosPerMessage nullable: this JVM's CPU per message over the second half of a
   *     drain (all threads, GC and JIT included), once the phase's start is behind it: what a runner
   *     that has been running a while spends
   */
  public record Cpu(double machineCores, double jvmCores, double otherCores, Map<String, Double> jvmThreadCores,
      Double jvmCpuSeconds, Double jvmKernelCpuSeconds, Map<String, Double> serverCpuSeconds,
      Double steadyCpuMicrosPerMessage) {
    public Cpu(double machineCores, double jvmCores, double otherCores, Map<String, Double> jvmThreadCores) {
      this(machineCores, jvmCores, otherCores, jvmThreadCores, null, null, null, null);
    }

    public Cpu {
      serverCpuSeconds = serverCpuSeconds == null || serverCpuSeconds.isEmpty() ? null : Map.copyOf(serverCpuSeconds);
    }

    Cpu withSteadyCpuMicrosPerMessage(Double steady) {
      return new Cpu(machineCores, jvmCores, otherCores, jvmThreadCores, jvmCpuSeconds, jvmKernelCpuSeconds,
          serverCpuSeconds, steady);
    }
  }

  /**
   * Medians over the runs.
   *
   * @param bareDrainCpuMicrosPerMessage nullable: this JVM's CPU per message in the bare drain
   * @param pipelineCpuMicrosPerMessage nullable: this JVM's CPU per message in the pipeline
   * @param bareDrainToPipelineCpu nullable: bare-drain CPU per message over the pipeline's, median of
   *     the runs' ratios (1.0: the pipeline costs no more CPU per message than receiving and deleting)
   */
  public record Summary(
      double bareDrainPerSecond,
      double pipelinePerSecond,
      double naivePerSecond,
      double pipelineToBareDrain,
      double pipelineToNaive,
      double latencyP50Millis,
      double latencyP99Millis,
      long pipelinePeakHeapBytes,
      Double bareDrainCpuMicrosPerMessage,
      Double pipelineCpuMicrosPerMessage,
      Double bareDrainToPipelineCpu,
      Double bareDrainSteadyCpuMicrosPerMessage,
      Double pipelineSteadyCpuMicrosPerMessage,
      Double bareDrainToPipelineSteadyCpu) {
    /** Medians without the steady-state figures. */
    public Summary(double bareDrainPerSecond, double pipelinePerSecond, double naivePerSecond,
        double pipelineToBareDrain, double pipelineToNaive, double latencyP50Millis, double latencyP99Millis,
        long pipelinePeakHeapBytes, Double bareDrainCpuMicrosPerMessage, Double pipelineCpuMicrosPerMessage,
        Double bareDrainToPipelineCpu) {
      this(bareDrainPerSecond, pipelinePerSecond, naivePerSecond, pipelineToBareDrain, pipelineToNaive,
          latencyP50Millis, latencyP99Millis, pipelinePeakHeapBytes, bareDrainCpuMicrosPerMessage,
          pipelineCpuMicrosPerMessage, bareDrainToPipelineCpu, null, null, null);
    }
  }

  /**
   * The pipeline run as a separate {@code loginetl run --until-empty} process with a small heap.
   *
   * @param command the runner's command line (the key file's path is a throwaway)
   * @param exitCode the runner's exit code
   * @param seconds the runner's wall time, JVM start and schema check included
   * @param messagesPerSecond {@code messages / seconds}
   * @param peakHeapBytes the most heap in use before any GC, from the runner's GC log
   * @param gcCount collections in the runner
   * @param queueLeft messages still on the queue afterwards (visible and in flight)
   * @param loaded rows stored
   * @param rejected rejections stored
   * @param outOfMemory whether the runner printed an {@code OutOfMemoryError}
   * @param cpuSeconds the runner process's CPU, all threads, GC and JIT included
   */
  public record MemoryDrain(
      String heap,
      long messages,
      String command,
      int exitCode,
      double seconds,
      double messagesPerSecond,
      long peakHeapBytes,
      int gcCount,
      long queueLeft,
      long loaded,
      long rejected,
      boolean outOfMemory,
      double cpuSeconds) {}

  /**
   * A cold phase: a fresh runner process ({@code run --until-empty}, the packaged jar started the way
   * {@code ./loginetl} starts it) against servers already up, once per run, each on a fresh queue.
   *
   * @param name {@code "cold start"} or {@code "cold drain"}
   * @param messages seeded on each run's queue
   * @param command the runner's command line of the last run (the key file is a throwaway)
   * @param pinning which CPU the runner ran on, and the rest
   * @param runs each run
   * @param median the median of each figure over the runs
   */
  public record ColdPhase(String name, long messages, String command, String pinning, List<ColdRun> runs,
      ColdMedian median) {
    public ColdPhase {
      runs = List.copyOf(runs);
    }
  }

  /**
   * One cold run.
   *
   * @param wallSeconds from launching the process to its exit (the last empty poll included)
   * @param cpuSeconds the runner process's CPU, all threads, GC and JIT included
   * @param cpuExact whether {@code cpuSeconds} is the kernel's total (Linux) rather than a last reading
   * @param firstCommitSeconds nullable: from launching the process to its first commit, by the
   *     benchmark's clock and the timestamp of the runner's own log line
   * @param firstCommitJvmMillis nullable: the runner's own count, from its JVM's start
   * @param exitCode the runner's exit code
   * @param loaded rows stored
   * @param rejected rejections stored
   * @param queueLeft messages still on the queue afterwards
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ColdRun(int run, long messages, double wallSeconds, double cpuSeconds, boolean cpuExact,
      Double firstCommitSeconds, Long firstCommitJvmMillis, int exitCode, long loaded, long rejected, long queueLeft) {}

  /**
   * Medians over a cold phase's runs.
   *
   * @param firstCommitSeconds nullable when no run committed
   * @param messagesPerSecond messages over wall seconds
   * @param cpuMicrosPerMessage the runner's CPU over the messages, start included
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ColdMedian(double wallSeconds, double cpuSeconds, Double firstCommitSeconds, double messagesPerSecond,
      double cpuMicrosPerMessage) {}

  /**
   * One goal.
   *
   * @param value nullable: the figure, null when this invocation did not measure it
   * @param target the goal's bound
   * @param comparison {@code "<="} or {@code ">="}: how {@code value} must stand to {@code target}
   * @param unit what {@code value} counts
   * @param met nullable: whether it was met; null when not measured
   * @param detail how the figure was taken, or how to measure it
   */
  public record Target(Double value, double target, String comparison, String unit, Boolean met, String detail) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The report as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the report to {@code file}, creating its directory. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson() + System.lineSeparator());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report to " + file + ": " + e.getMessage(), e);
    }
  }
}
