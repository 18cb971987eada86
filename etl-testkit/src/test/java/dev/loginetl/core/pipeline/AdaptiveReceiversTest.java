package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.testkit.InMemoryQueue;
import dev.loginetl.testkit.InMemorySink;
import dev.loginetl.testkit.TestMasker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The receiver count of a running pipeline, over a queue whose receives take 0 to 40 ms (20 on
 * average, a round trip to SQS) and a sink that takes no time.
 */
class AdaptiveReceiversTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  /** About 10 s for 4 receivers, 0.5 s for 32. */
  private static final int MANY = 20_000;

  private static InMemoryQueue slowQueue(int messages) {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofMinutes(5), Duration.ofMillis(50),
        new InMemoryQueue.Faults(7, 0, 0, 0, Duration.ofMillis(40)));
    queue.send(IntStream.range(0, messages)
        .mapToObj(i -> "{\"user_id\":\"user-" + i + "\",\"ip\":\"10.0.0." + (i % 256) + "\"}").toList());
    return queue;
  }

  private static PipelineBuilder pipeline(InMemoryQueue queue, InMemorySink sink) {
    queue.requireCommittedBeforeAcknowledge(sink::isCommitted);
    return Pipeline.builder(queue, sink, new LoginTransformer(new TestMasker()))
        .stopWhenEmpty(true)
        .linger(Duration.ofMillis(20));
  }

  /** Runs until the queue is empty, reading the receiver count every few ms; returns the counts seen. */
  private static Set<Integer> countsWhileRunning(Pipeline pipeline) throws InterruptedException {
    Set<Integer> seen = new TreeSet<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!pipeline.awaitStopRequested(Duration.ofMillis(5)) && System.nanoTime() < deadline) {
      PipelineStatus status = pipeline.status();
      if (status.state() == PipelineStatus.State.RUNNING) {
        seen.add(status.receivers());
      }
    }
    assertThat(pipeline.awaitStopRequested(Duration.ZERO)).as("drained within " + PATIENCE).isTrue();
    return seen;
  }

  private static void assertEveryMessageDeliveredOnce(
      int messages, PipelineSummary summary, InMemoryQueue queue, InMemorySink sink) {
    assertThat(summary.failed()).isEmpty();
    assertThat(sink.rows()).hasSize(messages);
    assertThat(sink.timesStored().values()).containsOnly(1);
    assertThat(summary.acknowledged()).isEqualTo(messages);
    assertThat(queue.size()).isZero();
    assertThat(queue.violations()).isEmpty();
  }

  @Test
  void byDefaultAddsReceiversWhileReceivesComeBackFullAndDeliversEveryMessageOnce()
      throws InterruptedException {
    InMemoryQueue queue = slowQueue(MANY);
    InMemorySink sink = new InMemorySink();
    Pipeline pipeline = pipeline(queue, sink).start();

    Set<Integer> seen = countsWhileRunning(pipeline);
    PipelineSummary summary = pipeline.stop();

    assertThat(seen).as("receiver counts seen").anyMatch(n -> n > PipelineSettings.START_RECEIVERS);
    assertThat(seen).allMatch(n -> n >= 2 && n <= 32);
    assertEveryMessageDeliveredOnce(MANY, summary, queue, sink);
    assertThat(pipeline.status().receivers()).as("after the stop").isZero();
  }

  @Test
  void aFixedCountNeverChanges() throws InterruptedException {
    InMemoryQueue queue = slowQueue(3_000);
    InMemorySink sink = new InMemorySink();
    Pipeline pipeline = pipeline(queue, sink).receivers(3).start();

    Set<Integer> seen = countsWhileRunning(pipeline);
    PipelineSummary summary = pipeline.stop();

    assertThat(seen).containsExactly(3);
    assertEveryMessageDeliveredOnce(3_000, summary, queue, sink);
  }

  @Test
  void anAdaptiveCountMakesItsMostReceiversAndOneThreadToAdaptThem() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    queue.send(List.of("{\"user_id\":\"u\",\"ip\":\"10.0.0.1\"}"));
    List<Thread> made = new CopyOnWriteArrayList<>();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "caller-" + made.size());
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    };

    Pipeline pipeline = pipeline(queue, new InMemorySink()).adaptiveReceivers(1, 5).writers(2)
        .threadFactory(factory).start();
    assertThat(pipeline.awaitStopRequested(PATIENCE)).isTrue();
    PipelineSummary summary = pipeline.stop();

    assertThat(summary.loaded()).isEqualTo(1);
    assertThat(made).as("5 receivers, 2 writers, the visibility extender and the scaler").hasSize(9);
  }
}
