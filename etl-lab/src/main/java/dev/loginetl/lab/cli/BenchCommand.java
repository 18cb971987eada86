package dev.loginetl.lab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.lab.bench.Bench;
import dev.loginetl.lab.bench.BenchReport;
import dev.loginetl.lab.bench.BenchSetup;
import dev.loginetl.lab.bench.ColdRuns;
import dev.loginetl.lab.bench.IsolatedServers;
import dev.loginetl.lab.bench.Freshness;
import dev.loginetl.lab.bench.ReceiverSweep;
import dev.loginetl.lab.bench.RunnerDrain;
import dev.loginetl.app.base.AwsEndpoints;
import dev.loginetl.app.base.ExitCodes;
import dev.loginetl.app.cli.LoggingOptions;
import dev.loginetl.app.cli.PipelineOptions;
import dev.loginetl.app.cli.SqsOptions;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.lab.embedded.EmbeddedServers;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.postgres.Password;
import dev.loginetl.sqs.SqsClientConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the project's benchmark. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Measures, in one run and on the same generated messages (shaped like the sample, 1%% malformed): "
            + "(1) bare drain: receive and delete only, in the pipeline's shape (as many receivers, as many deleters "
            + "as it has writers, the same batches); "
            + "(2) the pipeline, as run --until-empty, into an empty user_logins; "
            + "(3) the naive loop (receive one, insert one in autocommit, delete one) over a smaller subset; "
            + "then, cold, the packaged runner as a fresh process (pinned to a CPU of its own with taskset when it can): "
            + "(4) cold start: time from launch to its first commit of one message, and its CPU seconds; "
            + "(5) cold drain: a seeded backlog drained by run --until-empty, wall and CPU seconds. "
            + "Prints a table and writes a JSON report with the rates, their ratios, sent-to-commit latency, "
            + "peak heap, where the CPU went, and every goal with its target and whether it was met.",
        "Starts an embedded ElasticMQ and PostgreSQL unless --sqs-endpoint and --jdbc-url name servers. "
            + "Masks under a throwaway key."})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PipelineOptions pipeline;
  @Mixin LoggingOptions logging;

  @Option(names = "--messages", paramLabel = "N", defaultValue = "100000",
      description = "Messages for the bare drain and the pipeline. Default ${DEFAULT-VALUE}.")
  long messages;

  @Option(names = "--naive-messages", paramLabel = "N", defaultValue = "2000",
      description = "Messages for the naive loop, which is slow. Default ${DEFAULT-VALUE}.")
  long naiveMessages;

  @Option(names = "--warmup-messages", paramLabel = "N", defaultValue = "60000",
      description = "Messages per phase before measuring (a cold JVM is several times slower); 0 for none. Default ${DEFAULT-VALUE}.")
  long warmupMessages;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
      description = "Measured repetitions; the summary is their median. Default ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--report", paramLabel = "FILE", defaultValue = "bench-report.json",
      description = "Where to write the JSON report. Default ${DEFAULT-VALUE}.")
  Path report;

  @Option(names = "--masking", paramLabel = "hmac|tokenize", defaultValue = "hmac",
      description = "Masking strategy, under a throwaway key. Default ${DEFAULT-VALUE}.")
  String masking;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the message generator. Default ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--sqs-endpoint", paramLabel = "URL",
      description = "Use this SQS-compatible server (with --jdbc-url) instead of embedded ones; the benchmark creates and deletes queues named loginetl-bench-*.")
  URI sqsEndpoint;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "Use this PostgreSQL (with --sqs-endpoint); the benchmark creates and drops schemas named loginetl_bench_*, and with --runner-heap a database loginetl_bench_runner (needs CREATEDB).")
  String jdbcUrl;

  @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:PGUSER:-postgres}",
      description = "Database user for --jdbc-url. Env PGUSER; default ${DEFAULT-VALUE}.")
  String dbUser;

  @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:PGPASSWORD:-postgres}",
      description = "Password for --jdbc-url. Env PGPASSWORD; default postgres.")
  String dbPassword;

  @Option(names = "--runner-heap", paramLabel = "SIZE",
      description = "Instead of the three phases: seed --messages, then drain them with the packaged runner "
          + "(run --until-empty) as a separate process with -Xmx SIZE (e.g. 256m), and report its exit code, rate and "
          + "peak heap. This JVM holds the embedded queue: give it room (LOGINETL_JAVA_OPTS=-Xmx4g for a million).")
  String runnerHeap;

  @Option(names = "--runner-jar", paramLabel = "FILE",
      description = "The runner jar for the cold phases and --runner-heap. Default: etl-app/target/loginetl.jar beside the lab.")
  Path runnerJar;

  @Option(names = "--cold-drain-messages", paramLabel = "N", defaultValue = "20000",
      description = "The backlog of the cold drain phase. Default ${DEFAULT-VALUE}.")
  long coldDrainMessages;

  @Option(names = "--no-cold", description = "Leave out the cold phases (a fresh runner process: first commit, backlog drain).")
  boolean noCold;

  @Option(names = "--cold-only", description = "Run only the cold phases, not the three warm ones.")
  boolean coldOnly;

  @Option(names = "--runner-java-opts", paramLabel = "OPTIONS", defaultValue = "",
      description = "JVM options for the runner process, after those ./loginetl gives it (the JVM takes the last of a "
          + "repeated option), e.g. \"-XX:TieredStopAtLevel=4\" for the default JIT; for experiments. Default none.")
  String runnerJavaOpts;

  @Option(names = "--runner-cpu", paramLabel = "CPU|auto|none", defaultValue = "auto",
      description = "The CPU the cold phases pin the runner to with taskset (Linux); this process and its embedded "
          + "servers move to the others. auto (default): the highest online CPU, when taskset is there and two are "
          + "online; none: pin nothing.")
  String runnerCpu;

  @Option(names = "--isolate", description = "Measure this JVM as the runner alone: ElasticMQ in a JVM of its own and "
      + "PostgreSQL in its own processes, both pinned with taskset to the CPUs other than --runner-cpu, and this JVM "
      + "(every thread) to --runner-cpu (Linux with taskset and two CPUs; else not pinned, and the report says so). "
      + "With --sqs-endpoint and --jdbc-url only this JVM is pinned. Judges the isolated goals.")
  boolean isolate;

  @Option(names = "--profile", description = "Record Java Flight Recorder's execution samples of the runner's threads "
      + "in each measured warm phase and report where they spend their CPU (by library, and the top methods).")
  boolean profile;

  @Option(names = "--sqs-rtt-ms", paramLabel = "LIST", split = ",",
      description = "Also sweep the receiver count at these simulated round-trip times to the queue, e.g. 0,10,30: per "
          + "time, a delaying proxy in the bench in front of the queue server (user space, not a network), and through "
          + "it the pipeline once per --sweep-receivers count and once with the settings as given. Default: no sweep.")
  List<Integer> sqsRttMillis;

  @Option(names = "--sweep-receivers", paramLabel = "LIST", split = ",", defaultValue = "1,2,4,8,16,32",
      description = "The fixed receiver counts the sweep tries. Default ${DEFAULT-VALUE}.")
  List<Integer> sweepReceivers;

  @Option(names = "--sweep-messages", paramLabel = "N", defaultValue = "50000",
      description = "Messages seeded for each drain of the sweep; enough that an adaptive count's first second of finding its level weighs little. Default ${DEFAULT-VALUE}.")
  long sweepMessages;

  @Option(names = "--sweep-seconds", paramLabel = "S", defaultValue = "15",
      description = "The most each drain of the sweep is measured for; what is left is deleted with its queue. "
          + "Default ${DEFAULT-VALUE}.")
  int sweepSeconds;

  @Option(names = "--freshness", description = "Also measure sent-to-commit latency under a steady load of 25%%, 50%% "
      + "and 75%% of the pipeline's capacity (its median rate in this run, or one drain of --messages when the warm "
      + "phases did not run), about a minute.")
  boolean freshness;

  @Option(names = "--freshness-seconds", paramLabel = "S", defaultValue = "15",
      description = "How long each freshness level sends; its first 2 s are not counted. Default ${DEFAULT-VALUE}.")
  int freshnessSeconds;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    if (!logging.debug()) {
      // Every phase opens sources and sinks, which log their settings at INFO: keep the table readable.
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }
    if ((sqsEndpoint == null) != (jdbcUrl == null)) {
      throw new ConfigurationException("give both --sqs-endpoint and --jdbc-url to use your own servers, or neither for embedded ones");
    }
    if (noCold && coldOnly) {
      throw new ConfigurationException("--no-cold and --cold-only exclude each other: give one");
    }
    if (isolate && runnerHeap != null) {
      throw new ConfigurationException("--isolate is for the warm phases; --runner-heap runs the runner as a process of its own anyway: give one");
    }
    PrintWriter out = spec.commandLine().getOut();
    MaskingStrategy strategy = MaskingStrategy.fromName(masking);
    Bench.Plan plan = new Bench.Plan(messages, naiveMessages, warmupMessages, runs, seed, profile);
    // The loader's settings as run --until-empty takes them; the bench serves no metrics and forwards nothing.
    RunSettings run = RunSettings.of(pipeline.settings(true).pipeline());
    PipelineSettings settings = run.pipeline();
    PiiKeyset key = PiiKeyset.generate(strategy);
    EmbeddedServers servers = null;
    IsolatedServers isolated = null;
    BenchReport.Isolation isolation = BenchReport.Isolation.SHARED;
    try {
      BenchSetup setup;
      if (isolate && sqsEndpoint == null) {
        out.println("Starting ElasticMQ in a JVM of its own and an embedded PostgreSQL, away from this JVM's CPU...");
        out.flush();
        isolated = IsolatedServers.start(labJar(), runnerCpu());
        isolation = isolated.isolation();
        out.println(isolation.description());
        out.flush();
        setup = new BenchSetup(isolated.sqsClient(), isolated.jdbcUrl(), "postgres", Password.none(),
            Maskers.create(strategy, key), run);
      } else if (sqsEndpoint == null) {
        out.println("Starting an embedded SQS-compatible server (ElasticMQ) and an embedded PostgreSQL...");
        out.flush();
        servers = EmbeddedServers.start();
        setup = new BenchSetup(servers.sqsClient(), servers.jdbcUrl(), "postgres", Password.none(),
            Maskers.create(strategy, key), run);
      } else {
        SqsClientConfig client = AwsEndpoints.sqsClient(sqsEndpoint, "us-east-1");
        setup = new BenchSetup(client, jdbcUrl, dbUser, Password.of(dbPassword), Maskers.create(strategy, key), run);
        if (isolate) {
          isolation = IsolatedServers.pinThisJvm(runnerCpu());
          out.println(isolation.description());
          out.flush();
        }
      }
      BenchReport.Settings described = new BenchReport.Settings((int) messages, (int) naiveMessages, (int) warmupMessages,
          runs, strategy.configName(), settings.receivers(), settings.maxReceivers(), settings.writers(), settings.batchSize(),
          (int) settings.linger().toMillis(), settings.maxInFlight(), seed,
          isolated != null ? "ElasticMQ in a JVM of its own" : sqsEndpoint == null ? "embedded ElasticMQ" : sqsEndpoint.toString(),
          servers == null && isolated == null ? dev.loginetl.postgres.PostgresConfig.of(jdbcUrl, dbUser, Password.none()).server()
              : "embedded PostgreSQL",
          describeCommand(spec.commandLine().getParseResult().originalArgs()),
          runnerHeap != null || noCold ? 0 : (int) coldDrainMessages, isolation);
      double background = Bench.backgroundCores();
      if (runnerHeap != null) {
        BenchReport.MemoryDrain drain = RunnerDrain.run(setup, key, strategy, runnerJar(), runnerHeap, runnerJavaOpts(), messages, seed, out);
        BenchReport result = BenchReport.of(described, machine(background), List.of(), null, drain, null, null);
        result.write(report);
        out.printf(Locale.ROOT, "Runner with -Xmx%s: exit code %d%s, %,d messages in %.1f s (%,.0f msg/s, JVM start included), "
                + "%.1f s of CPU, peak heap %,d MB over %d GCs; stored %,d rows and %,d rejections; %,d messages left on the queue.%n",
            drain.heap(), drain.exitCode(), drain.outOfMemory() ? " (OutOfMemoryError)" : "", drain.messages(), drain.seconds(),
            drain.messagesPerSecond(), drain.cpuSeconds(), drain.peakHeapBytes() >> 20, drain.gcCount(), drain.loaded(),
            drain.rejected(), drain.queueLeft());
        Bench.printTargets(result, out);
        out.println("Report: " + report.toAbsolutePath());
        out.flush();
        return drain.exitCode() == 0 && drain.queueLeft() == 0 ? 0 : ExitCodes.FAILURE;
      }
      List<BenchReport.Run> measured = coldOnly ? List.of() : new Bench(setup, plan, out, isolated).runAll();
      String command = "./loginetl " + described.command(); // the parsed arguments begin with "bench"
      ReceiverSweep.Report sweep = sqsRttMillis == null || sqsRttMillis.isEmpty() ? null
          : new ReceiverSweep(setup, new ReceiverSweep.Plan(sqsRttMillis, sweepReceivers, sweepMessages, sweepSeconds, seed),
              out).run(command);
      Freshness.Report fresh = freshness ? freshness(setup, measured, command, out) : null;
      ColdRuns.Result cold = noCold ? null
          : ColdRuns.run(setup, key, strategy, new ColdRuns.Plan(runnerJar(), runnerJavaOpts(), coldDrainMessages, runs, seed, runnerCpu()), out);
      BenchReport result = BenchReport.of(described, machine(background), measured,
          measured.isEmpty() ? null : Bench.median(measured), null,
          cold == null ? null : cold.start(), cold == null ? null : cold.drain(), sweep, fresh);
      result.write(report);
      if (!measured.isEmpty()) {
        Bench.printSummary(result, out);
      }
      Bench.printCold(result, out);
      Bench.printTargets(result, out);
      out.println("Report: " + report.toAbsolutePath());
      out.flush();
      return 0;
    } finally {
      if (servers != null) {
        servers.close();
      }
      if (isolated != null) {
        isolated.close();
      }
    }
  }

  /** The freshness phase, against the pipeline's median rate of the warm phases, or one drain's when they did not run. */
  private Freshness.Report freshness(BenchSetup setup, List<BenchReport.Run> measured, String command, PrintWriter out)
      throws InterruptedException {
    Freshness phase = new Freshness(setup, seed, out);
    if (!measured.isEmpty()) {
      return phase.run(Bench.median(measured).pipelinePerSecond(), "the pipeline's median msg/s in this run", freshnessSeconds,
          command);
    }
    out.printf(Locale.ROOT, "Measuring the pipeline's capacity for the freshness phase (%,d messages)...%n", messages);
    out.flush();
    return phase.run(phase.measureCapacity(messages), String.format(Locale.ROOT, "one pipeline drain of %,d messages", messages),
        freshnessSeconds, command);
  }

  private List<String> runnerJavaOpts() {
    return runnerJavaOpts.isBlank() ? List.of() : List.of(runnerJavaOpts.trim().split("\\s+"));
  }

  /** {@code --runner-cpu} as a plan takes it: null for auto, -1 for none, else the CPU. */
  private Integer runnerCpu() {
    switch (runnerCpu.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return null;
      case "none":
        return ColdRuns.Plan.NO_PINNING;
      default:
        try {
          return Integer.parseInt(runnerCpu.trim());
        } catch (NumberFormatException e) {
          throw new ConfigurationException("--runner-cpu must be a CPU number, auto or none, was '" + runnerCpu + "'");
        }
    }
  }

  private Path runnerJar() throws java.net.URISyntaxException {
    if (runnerJar != null) {
      return runnerJar;
    }
    // The lab's jar sits in etl-lab/target; the production runner it should measure, in etl-app/target.
    Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path runner = self.getParent() == null || self.getParent().getParent() == null ? null
        : self.getParent().getParent().resolveSibling(Path.of("etl-app", "target", "loginetl.jar"));
    if (!self.toString().endsWith(".jar") || runner == null || !Files.isRegularFile(runner)) {
      throw new ConfigurationException("the cold phases and --runner-heap need the packaged runner etl-app/target/loginetl.jar "
          + "beside the lab: run through ./loginetl, name it with --runner-jar, or leave the cold phases out with --no-cold");
    }
    return runner;
  }

  /** The lab's own jar, whose ElasticMQ {@code --isolate} runs in a JVM of its own. */
  private static Path labJar() throws java.net.URISyntaxException {
    Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!self.toString().endsWith(".jar")) {
      throw new ConfigurationException("--isolate needs the lab's packaged jar (etl-lab/target/loginetl-lab.jar): run through ./loginetl");
    }
    return self;
  }

  static BenchReport.Machine machine(double backgroundCores) {
    return new BenchReport.Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
        System.getProperty("java.version"), System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
            + " " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") && !a.startsWith("-Xlog")).toList(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), backgroundCores);
  }

  /** The command line as given, with the database password and any URL query (it may hold one) left out. */
  static String describeCommand(List<String> args) {
    List<String> shown = new ArrayList<>(args.size());
    boolean hideNext = false;
    for (String arg : args) {
      if (hideNext) {
        shown.add("***");
        hideNext = false;
      } else if (arg.equals("--db-password")) {
        shown.add(arg);
        hideNext = true;
      } else if (arg.startsWith("--db-password=")) {
        shown.add("--db-password=***");
      } else {
        int query = arg.indexOf('?');
        shown.add(query < 0 ? arg : arg.substring(0, query) + "?***");
      }
    }
    return String.join(" ", shown);
  }
}
