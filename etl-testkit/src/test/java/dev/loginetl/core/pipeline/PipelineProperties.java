package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.testing.LoginArbitraries;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.testkit.InMemoryDeadLetters;
import dev.loginetl.testkit.InMemoryQueue;
import dev.loginetl.testkit.InMemorySink;
import dev.loginetl.testkit.TestMasker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The pipeline's promises, over fakes that fail, delay and redeliver at random, with restarts after
 * fatal failures, as a process supervisor would do: a sink that also refuses some rows, and a
 * dead-letter queue that fails before or after storing, or fatally.
 */
class PipelineProperties {
  private static final int MAX_RUNS = 40;

  /** One randomised run: workload, pipeline settings and faults. */
  record Scenario(
      List<String> bodies,
      int receivers,
      int writers,
      int batchSize,
      int maxInFlight,
      long seed,
      double sinkRetryableBefore,
      double sinkRetryableAfter,
      double sinkFatal,
      int sinkDelayMillis,
      double receiveFailure,
      double acknowledgeFailure,
      double extendFailure,
      int visibilityMillis,
      int refuseEvery,
      double forwardRetryableBefore,
      double forwardRetryableAfter,
      double forwardFatal) {
    @Override
    public String toString() {
      return "Scenario[messages=" + bodies.size() + ", receivers=" + receivers + ", writers=" + writers
          + ", batchSize=" + batchSize + ", maxInFlight=" + maxInFlight + ", seed=" + seed
          + ", sink(before=" + sinkRetryableBefore + ", after=" + sinkRetryableAfter + ", fatal=" + sinkFatal
          + ", delay=" + sinkDelayMillis + "ms), queue(receive=" + receiveFailure + ", ack=" + acknowledgeFailure
          + ", extend=" + extendFailure + ", visibility=" + visibilityMillis + "ms), refuse every " + refuseEvery
          + ", dlq(before=" + forwardRetryableBefore + ", after=" + forwardRetryableAfter + ", fatal=" + forwardFatal
          + ")]";
    }
  }

  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void everyMessageEndsWrittenOnceAndIsAcknowledgedOnlyAfterItsCommitAndItsForward(
      @ForAll("scenarios") Scenario s) throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(
        Duration.ofMillis(s.visibilityMillis()), Duration.ofMillis(5),
        new InMemoryQueue.Faults(s.seed(), s.receiveFailure(), s.acknowledgeFailure(), s.extendFailure(),
            Duration.ofMillis(2)));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(s.seed() + 1, s.sinkRetryableBefore(),
        s.sinkRetryableAfter(), s.sinkFatal(), Duration.ofMillis(s.sinkDelayMillis()),
        row -> Math.floorMod(row.userId().hashCode(), s.refuseEvery()) == 0));
    InMemoryDeadLetters deadLetters = new InMemoryDeadLetters("properties", new InMemoryDeadLetters.Faults(
        s.seed() + 2, s.forwardRetryableBefore(), s.forwardRetryableAfter(), s.forwardFatal()));
    // Bare bodies only: each key is its SQS message id.
    queue.requireCommittedBeforeAcknowledge(
        id -> sink.isCommitted(id) && (!sink.rejections().containsKey(id) || deadLetters.holds(id)));
    List<String> ids = queue.send(s.bodies());
    LoginTransformer transformer = new LoginTransformer(new TestMasker());

    int runs = 0;
    while (queue.size() > 0 && runs++ < MAX_RUNS) {
      Pipeline pipeline = Pipeline.builder(queue.reopen(), sink, transformer).rejectionForwarder(deadLetters)
          .receivers(s.receivers()).writers(s.writers()).batchSize(s.batchSize()).maxInFlight(s.maxInFlight())
          .linger(Duration.ofMillis(5)).retryDelays(Duration.ofMillis(1), Duration.ofMillis(20))
          .outageLimit(Duration.ofSeconds(5)).stopWhenEmpty(true).start();
      assertThat(pipeline.awaitStopRequested(Duration.ofSeconds(60))).as("run %d ended", runs).isTrue();
      PipelineSummary summary = pipeline.stop();
      if (summary.failed().isPresent() || queue.size() > 0) {
        // What a failed run held becomes visible again once its visibility timeout passes.
        Thread.sleep(s.visibilityMillis());
      }
      assertThat(queue.maxOutstanding()).as("deliveries held at once").isLessThanOrEqualTo(s.maxInFlight());
    }

    assertThat(queue.violations()).as("acknowledged before commit, or before the forward of a rejection").isEmpty();
    assertThat(sink.timesStored().values()).as("times each message was stored").allMatch(times -> times == 1);
    Set<String> stored = new HashSet<>(sink.rows().keySet());
    stored.addAll(sink.rejections().keySet());
    Set<String> accounted = new HashSet<>(stored);
    accounted.addAll(queue.remainingIds());
    assertThat(accounted).as("every message stored or still queued").containsAll(ids);
    assertThat(queue.size()).as("messages left after %d runs", runs).isZero();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(deadLetters.keys()).as("every rejection in the dead-letter queue, and nothing else")
        .containsExactlyInAnyOrderElementsOf(sink.rejections().keySet());
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<String> body = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, LoginArbitraries.validBodies()),
        net.jqwik.api.Tuple.of(1, LoginArbitraries.hostileLogins().map(LoginArbitraries.Hostile::body)));
    Arbitrary<Double> rare = Arbitraries.of(0.0, 0.05, 0.2);
    return Builders.withBuilder(() -> new ScenarioBuilder())
        .use(body.list().ofMinSize(1).ofMaxSize(200)).in((b, v) -> b.with(x -> x.bodies = v))
        .use(Arbitraries.integers().between(1, 4)).in((b, v) -> b.with(x -> x.receivers = v))
        .use(Arbitraries.integers().between(1, 3)).in((b, v) -> b.with(x -> x.writers = v))
        .use(Arbitraries.integers().between(1, 50)).in((b, v) -> b.with(x -> x.batchSize = v))
        .use(Arbitraries.integers().between(1, 100)).in((b, v) -> b.with(x -> x.maxInFlight = v))
        .use(Arbitraries.longs()).in((b, v) -> b.with(x -> x.seed = v))
        .use(rare).in((b, v) -> b.with(x -> x.sinkRetryableBefore = v))
        .use(rare).in((b, v) -> b.with(x -> x.sinkRetryableAfter = v))
        .use(Arbitraries.of(0.0, 0.0, 0.02)).in((b, v) -> b.with(x -> x.sinkFatal = v))
        .use(Arbitraries.integers().between(0, 30)).in((b, v) -> b.with(x -> x.sinkDelayMillis = v))
        .use(rare).in((b, v) -> b.with(x -> x.receiveFailure = v))
        .use(rare).in((b, v) -> b.with(x -> x.acknowledgeFailure = v))
        .use(Arbitraries.of(0.0, 0.5)).in((b, v) -> b.with(x -> x.extendFailure = v))
        .use(Arbitraries.integers().between(60, 400)).in((b, v) -> b.with(x -> x.visibilityMillis = v))
        .use(Arbitraries.of(1_000_000, 7, 2)).in((b, v) -> b.with(x -> x.refuseEvery = v))
        .use(rare).in((b, v) -> b.with(x -> x.forwardRetryableBefore = v))
        .use(rare).in((b, v) -> b.with(x -> x.forwardRetryableAfter = v))
        .use(Arbitraries.of(0.0, 0.0, 0.02)).in((b, v) -> b.with(x -> x.forwardFatal = v))
        .build(ScenarioBuilder::build);
  }

  /** Mutable holder for building a {@link Scenario}. */
  private static final class ScenarioBuilder {
    List<String> bodies;
    int receivers;
    int writers;
    int batchSize;
    int maxInFlight;
    long seed;
    double sinkRetryableBefore;
    double sinkRetryableAfter;
    double sinkFatal;
    int sinkDelayMillis;
    double receiveFailure;
    double acknowledgeFailure;
    double extendFailure;
    int visibilityMillis;
    int refuseEvery;
    double forwardRetryableBefore;
    double forwardRetryableAfter;
    double forwardFatal;

    ScenarioBuilder with(java.util.function.Consumer<ScenarioBuilder> change) {
      change.accept(this);
      return this;
    }

    Scenario build() {
      return new Scenario(bodies, receivers, writers, batchSize, maxInFlight, seed, sinkRetryableBefore,
          sinkRetryableAfter, sinkFatal, sinkDelayMillis, receiveFailure, acknowledgeFailure, extendFailure,
          visibilityMillis, refuseEvery, forwardRetryableBefore, forwardRetryableAfter, forwardFatal);
    }
  }
}
