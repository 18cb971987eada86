package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.lab.bench.BenchReport.ColdMedian;
import dev.loginetl.lab.bench.BenchReport.ColdPhase;
import dev.loginetl.lab.bench.BenchReport.ColdRun;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The cold phases: the packaged runner started fresh, as {@code ./loginetl} starts it ({@link
 * RunnerProcess}), against servers already up, its schema already current, pinned to a CPU of its
 * own when {@code taskset} is there ({@link Pinning}).
 *
 * <ol>
 *   <li>cold start: one message on a fresh queue; when the runner committed it, after the launch
 *       (from the runner's own log line), and the process's CPU seconds;
 *   <li>cold drain: a backlog seeded on a fresh queue; the runner's wall time from launch to exit,
 *       and its CPU seconds.
 * </ol>
 *
 * <p>Each run uses a fresh queue and empty tables. Not thread-safe; run it after the other phases:
 * pinning moves this process (and its embedded servers) off the runner's CPU for good.
 */
public final class ColdRuns {

  /**
   * What to run.
   *
   * @param jar the packaged runner, {@code loginetl.jar}
   * @param javaOptions JVM options after those {@code ./loginetl} gives the runner
   * @param drainMessages the cold drain's backlog
   * @param runs runs of each phase
   * @param seed the generator's seed
   * @param runnerCpu the runner's CPU; null for the highest online one, {@link #NO_PINNING} for none
   */
  public record Plan(Path jar, List<String> javaOptions, long drainMessages, int runs, long seed, Integer runnerCpu) {
    /** A {@code runnerCpu} that pins nothing. */
    public static final int NO_PINNING = -1;

    public Plan {
      requireNonNull(jar, "jar");
      javaOptions = List.copyOf(javaOptions);
      if (drainMessages < 1 || runs < 1) {
        throw new IllegalArgumentException("--cold-drain-messages and --runs must be at least 1");
      }
    }
  }

  /** Both cold phases. */
  public record Result(ColdPhase start, ColdPhase drain) {}

  private final BenchSetup setup;
  private final Plan plan;
  private final PrintWriter out;
  private final Pinning pinning;

  private ColdRuns(BenchSetup setup, Plan plan, PrintWriter out, Pinning pinning) {
    this.setup = setup;
    this.plan = plan;
    this.out = out;
    this.pinning = pinning;
  }

  /** Runs both phases, {@code plan.runs()} times each. */
  public static Result run(BenchSetup setup, PiiKeyset key, MaskingStrategy strategy, Plan plan, PrintWriter out)
      throws InterruptedException {
    requireNonNull(setup, "setup");
    requireNonNull(plan, "plan");
    if (!Files.isRegularFile(plan.jar())) {
      throw new IllegalArgumentException("the runner jar " + plan.jar() + " does not exist: build it with ./mvnw -pl etl-app -am package");
    }
    Pinning pinning = Objects.equals(plan.runnerCpu(), Plan.NO_PINNING) ? Pinning.NONE : Pinning.detect(plan.runnerCpu());
    pinning.moveThisProcessAndItsChildrenAway();
    ColdRuns cold = new ColdRuns(setup, plan, out, pinning);
    try (RunnerFixture fixture = RunnerFixture.create(setup, key, strategy)) {
      fixture.migrate();
      out.printf("Cold phases: the packaged runner as a fresh process, %s:%n", pinning.describe());
      out.flush();
      ColdPhase start = cold.phase("cold start", 1, fixture);
      ColdPhase drain = cold.phase("cold drain", plan.drainMessages(), fixture);
      return new Result(start, drain);
    }
  }

  private ColdPhase phase(String name, long messages, RunnerFixture fixture) throws InterruptedException {
    List<ColdRun> runs = new ArrayList<>();
    List<String> command = List.of();
    for (int run = 1; run <= plan.runs(); run++) {
      int current = run;
      command = BenchQueue.seeded(setup, "cold", plan.seed() + run, messages, (admin, queueUrl, seeded) -> {
        fixture.emptyTables();
        List<String> runCommand = RunnerProcess.command(plan.jar(), plan.javaOptions(), fixture.runArgs(queueUrl));
        RunnerProcess.Finished finished = RunnerProcess.run(runCommand, fixture.environment(), pinning,
            fixture.file(name.replace(' ', '-') + "-" + current + ".log"));
        long[] stored = fixture.counts();
        ColdRun result = new ColdRun(current, seeded.sent(), BareDrain.round3(finished.wallSeconds()),
            BareDrain.round3(finished.cpuSeconds()), finished.cpuExact(),
            finished.firstCommitSeconds().map(BareDrain::round3).orElse(null),
            finished.firstCommitJvmMillis().orElse(null), finished.exitCode(), stored[0], stored[1],
            admin.depth(queueUrl).total());
        runs.add(result);
        print(name, result);
        if (finished.exitCode() != 0) {
          out.println("  the runner failed; the end of its output:");
          finished.tail(20).forEach(line -> out.println("    " + line));
          out.flush();
          throw new EtlException("the runner exited " + finished.exitCode() + " in the " + name + " phase");
        }
        return runCommand;
      });
    }
    return new ColdPhase(name, messages, String.join(" ", command), pinning.describe(), runs, median(runs));
  }

  private void print(String name, ColdRun run) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s run %d: %,d msgs, exit %d, %.2f s wall, %.2f s CPU",
        name, run.run(), run.messages(), run.exitCode(), run.wallSeconds(), run.cpuSeconds()));
    if (run.firstCommitSeconds() != null) {
      line.append(String.format(Locale.ROOT, ", first commit at %.2f s", run.firstCommitSeconds()));
    }
    out.println(line);
    out.flush();
  }

  /** The median of each figure over the runs. */
  static ColdMedian median(List<ColdRun> runs) {
    List<Double> firstCommits = runs.stream().map(ColdRun::firstCommitSeconds).filter(Objects::nonNull).toList();
    double wall = median(runs, ColdRun::wallSeconds);
    double cpu = median(runs, ColdRun::cpuSeconds);
    long messages = runs.isEmpty() ? 0 : runs.get(0).messages();
    return new ColdMedian(BareDrain.round3(wall), BareDrain.round3(cpu),
        firstCommits.isEmpty() ? null : BareDrain.round3(Stats.median(firstCommits)),
        StageClock.round(median(runs, r -> r.messages() / r.wallSeconds()), 0),
        StageClock.round(messages == 0 ? 0 : median(runs, r -> r.cpuSeconds() * 1e6 / r.messages()), 1));
  }

  private static double median(List<ColdRun> runs, ToDoubleFunction<ColdRun> figure) {
    List<Double> values = new ArrayList<>();
    for (ColdRun run : runs) {
      values.add(figure.applyAsDouble(run));
    }
    return values.isEmpty() ? 0 : Stats.median(values);
  }
}
