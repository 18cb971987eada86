package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import dev.loginetl.app.job.LoaderPipeline;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The receiver sweep ({@code --sqs-rtt-ms}): for each simulated round-trip time, a {@link RttProxy}
 * with that RTT in front of the queue server, and through it the pipeline (as {@link PipelineDrain}
 * runs it, into an empty schema) once per fixed receiver count and once with the settings as given
 * (the default: the count the pipeline finds by itself). Seeding goes to the server directly.
 *
 * <p>Each drain is capped: it measures over the seeded messages or {@code secondsPerDrain}, whichever
 * ends first, then stops the pipeline (in-flight batches finish) and deletes the queue with whatever
 * is left on it. Not thread-safe; one sweep at a time.
 */
public final class ReceiverSweep {
  private static final String SCHEMA = "loginetl_bench_sweep";
  /** What the report says about how the round trip was made. */
  public static final String SIMULATION =
      "round-trip time simulated by a user-space delaying proxy in the bench; no kernel network delay";

  /**
   * How to sweep.
   *
   * @param rttsMillis the round-trip times to simulate, each at least 0
   * @param receiverCounts the fixed receiver counts to try, each at least 1
   * @param messages seeded per drain
   * @param secondsPerDrain the most a drain is measured for
   * @param seed the generator's seed
   */
  public record Plan(List<Integer> rttsMillis, List<Integer> receiverCounts, long messages, int secondsPerDrain,
      long seed) {
    public Plan {
      rttsMillis = List.copyOf(rttsMillis);
      receiverCounts = List.copyOf(receiverCounts);
      if (rttsMillis.isEmpty() || rttsMillis.stream().anyMatch(r -> r < 0)) {
        throw new IllegalArgumentException("--sqs-rtt-ms must list round-trip times of 0 ms or more, e.g. 0,10,30");
      }
      if (receiverCounts.isEmpty() || receiverCounts.stream().anyMatch(r -> r < 1)) {
        throw new IllegalArgumentException("--sweep-receivers must list receiver counts of 1 or more, e.g. 1,2,4,8");
      }
      if (messages < 1 || secondsPerDrain < 1) {
        throw new IllegalArgumentException("--sweep-messages and --sweep-seconds must be at least 1");
      }
    }
  }

  /**
   * The sweep, as the report gives it.
   *
   * @param rttSimulated always true: the round trip is made by the bench, not by a network
   * @param simulation how, in a sentence
   * @param messagesPerDrain seeded on each drain's fresh queue
   * @param secondsPerDrain the cap on each drain's measurement
   * @param receiverCounts the fixed counts tried
   * @param command the bench command that produced these figures
   * @param rtts one entry per round-trip time, in the order given
   */
  public record Report(boolean rttSimulated, String simulation, long messagesPerDrain, int secondsPerDrain,
      List<Integer> receiverCounts, String command, List<Rtt> rtts) {
    public Report {
      receiverCounts = List.copyOf(receiverCounts);
      rtts = List.copyOf(rtts);
    }

    /** The sweep at {@code rttMillis}, or null when it was not swept. */
    public Rtt at(int rttMillis) {
      return rtts.stream().filter(r -> r.rttMillis() == rttMillis).findFirst().orElse(null);
    }
  }

  /**
   * One round-trip time's sweep.
   *
   * @param fixed one drain per fixed receiver count
   * @param bestFixedReceivers the fixed count with the highest rate
   * @param bestFixedPerSecond its rate
   * @param adaptive the drain with the settings as given (no {@code --receivers}: the default)
   * @param adaptiveSettledReceivers where that drain's receiver count settled: the count it ran with for longest
   * @param adaptiveToBestFixed {@code adaptive.messagesPerSecond / bestFixedPerSecond} (target at least 0.90)
   */
  public record Rtt(int rttMillis, List<Drain> fixed, int bestFixedReceivers, double bestFixedPerSecond, Drain adaptive,
      int adaptiveSettledReceivers, double adaptiveToBestFixed) {
    public Rtt {
      fixed = List.copyOf(fixed);
    }
  }

  /**
   * One drain of the sweep.
   *
   * @param receivers the receiver count it started with
   * @param messages deleted within the measurement
   * @param seconds from the start to the last deletion within the measurement
   * @param messagesPerSecond {@code messages / seconds}
   * @param capped whether the time cap ended it before every seeded message was deleted
   */
  public record Drain(int receivers, long messages, double seconds, double messagesPerSecond, boolean capped) {}

  private final BenchSetup setup;
  private final Plan plan;
  private final PrintWriter out;

  public ReceiverSweep(BenchSetup setup, Plan plan, PrintWriter out) {
    this.setup = requireNonNull(setup, "setup");
    this.plan = requireNonNull(plan, "plan");
    this.out = requireNonNull(out, "out");
    if (setup.sqs().endpoint() == null) {
      throw new IllegalArgumentException("the receiver sweep needs the queue server's endpoint to put its proxy in front of");
    }
  }

  /** Sweeps every round-trip time; prints a line per drain as it goes. */
  public Report run(String command) throws InterruptedException {
    List<Rtt> rtts = new ArrayList<>();
    for (int rtt : plan.rttsMillis()) {
      out.printf(Locale.ROOT, "Receiver sweep at a simulated round-trip time of %d ms (%,d messages or %d s per drain):%n",
          rtt, plan.messages(), plan.secondsPerDrain());
      out.flush();
      rtts.add(sweep(rtt));
    }
    return new Report(true, SIMULATION, plan.messages(), plan.secondsPerDrain(), plan.receiverCounts(), command, rtts);
  }

  private Rtt sweep(int rttMillis) throws InterruptedException {
    URI endpoint = setup.sqs().endpoint();
    try (RttProxy proxy = RttProxy.inFrontOf(endpoint, Duration.ofMillis(rttMillis))) {
      SqsClientConfig proxied = setup.sqs().withEndpoint(proxy.endpointFor(endpoint));
      List<Drain> fixed = new ArrayList<>();
      Drain best = null;
      for (int receivers : plan.receiverCounts()) {
        Timed drained = drain(proxied, setup.run().pipeline().withReceivers(receivers));
        print("receivers " + receivers, drained.drain());
        fixed.add(drained.drain());
        if (best == null || drained.drain().messagesPerSecond() > best.messagesPerSecond()) {
          best = drained.drain();
        }
      }
      Timed adaptive = drain(proxied, setup.run().pipeline());
      print("default", adaptive.drain());
      double ratio = StageClock.round(adaptive.drain().messagesPerSecond() / best.messagesPerSecond(), 3);
      out.printf(Locale.ROOT, "  best fixed: %d receivers, %,.0f msg/s; default settled at %d receivers, %.2f of the best%n",
          best.receivers(), best.messagesPerSecond(), adaptive.settledReceivers(), ratio);
      out.flush();
      return new Rtt(rttMillis, fixed, best.receivers(), best.messagesPerSecond(), adaptive.drain(),
          adaptive.settledReceivers(), ratio);
    }
  }

  private void print(String what, Drain drain) {
    out.printf(Locale.ROOT, "  %-13s %,8d msgs %7.2f s %,9.0f msg/s%s%n", what, drain.messages(), drain.seconds(),
        drain.messagesPerSecond(), drain.capped() ? "  (time cap)" : "");
    out.flush();
  }

  private record Timed(Drain drain, int settledReceivers) {}

  /** Seeds a fresh queue directly, drains it through {@code proxied} with {@code settings}, deletes it. */
  private Timed drain(SqsClientConfig proxied, PipelineSettings settings) throws InterruptedException {
    RunSettings run = setup.run().withPipeline(settings);
    // Whatever the time cap left on the queue goes with it.
    return BenchQueue.seeded(setup, "sweep", plan.seed(), plan.messages(), (admin, queueUrl, seeded) -> {
      Schemas.drop(setup, SCHEMA);
      try {
        PostgresConfig database = setup.database(SCHEMA, settings.writers() + 1);
        PostgresSchema.migrate(database);
        try (SqsMessageSource source = SqsMessageSource.open(
                SqsSourceConfig.of(proxied, queueUrl).withWaitTime(BenchSetup.WAIT_TIME));
            PostgresLoginSink sink = PostgresLoginSink.open(database)) {
          return timedDrain(source, sink, run, seeded.sent());
        }
      } finally {
        Schemas.drop(setup, SCHEMA);
      }
    });
  }

  private Timed timedDrain(SqsMessageSource source, PostgresLoginSink sink, RunSettings run, long seeded)
      throws InterruptedException {
    PipelineDrain.Observer observer = new PipelineDrain.Observer();
    long start = System.nanoTime();
    long deadline = start + plan.secondsPerDrain() * 1_000_000_000L;
    Pipeline pipeline = LoaderPipeline.start(source, sink, new LoginTransformer(setup.masker()), run,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, List.of(observer)).pipeline();
    long messages;
    long last;
    int settled;
    PipelineSummary summary;
    try {
      Map<Integer, Integer> counts = new HashMap<>();
      while (observer.acknowledged.sum() < seeded && System.nanoTime() < deadline
          && !pipeline.awaitStopRequested(Duration.ofMillis(5))) {
        counts.merge(pipeline.status().receivers(), 1, Integer::sum);
      }
      messages = observer.acknowledged.sum();
      last = observer.lastAcknowledged.get();
      settled = settledReceivers(counts, run.pipeline());
    } finally {
      summary = pipeline.stop();
    }
    PipelineDrain.requireSucceeded(summary);
    if (messages == 0) {
      throw new EtlException("the pipeline deleted no message in " + plan.secondsPerDrain() + " s");
    }
    double seconds = (last - start) / 1e9;
    return new Timed(new Drain(run.pipeline().receivers(), messages, BareDrain.round3(seconds),
        StageClock.round(messages / seconds, 0), messages < seeded), settled);
  }

  /**
   * Where the receiver count settled: the count the pipeline ran with for longest, from {@code
   * counts} (how many 5 ms looks saw each count); the fixed count when none was seen.
   */
  static int settledReceivers(Map<Integer, Integer> counts, PipelineSettings settings) {
    return counts.entrySet().stream()
        .filter(seen -> seen.getKey() > 0)
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(settings.receivers());
  }
}
