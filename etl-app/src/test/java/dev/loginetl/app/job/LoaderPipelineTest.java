package dev.loginetl.app.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.base.SampleMessages;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.testkit.InMemoryDeadLetters;
import dev.loginetl.testkit.InMemoryQueue;
import dev.loginetl.testkit.InMemorySink;
import dev.loginetl.testkit.TestMasker;
import dev.loginetl.core.port.DeadLetterAttributes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoaderPipelineTest {
  @Test
  void runsWithTheGivenSettingsAndTellsMetricsAndEveryObserverEvenAfterOneThrows() throws Exception {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    queue.send(SampleMessages.bundled());
    InMemorySink sink = new InMemorySink();
    AtomicInteger acknowledged = new AtomicInteger();
    PipelineListener throwing = new PipelineListener() {
      @Override
      public void acknowledged(int messages) {
        throw new IllegalStateException("an observer that fails");
      }
    };
    PipelineListener counting = new PipelineListener() {
      @Override
      public void acknowledged(int messages) {
        acknowledged.addAndGet(messages);
      }
    };
    RunSettings settings = RunSettings.of(PipelineSettings.defaults().withReceivers(2).withWriters(3).withBatchSize(7)
        .withOutageLimit(Duration.ofSeconds(9)).withStopWhenEmpty(true));

    LoaderPipeline.Started started = LoaderPipeline.start(queue, sink, new LoginTransformer(new TestMasker()), settings,
        new SimpleMeterRegistry(), null, List.of(throwing, counting));
    Pipeline pipeline = started.pipeline();
    pipeline.awaitStopRequested();
    PipelineSummary summary = pipeline.stop();

    assertThat(summary.failed()).isEmpty();
    assertThat(sink.rows()).hasSize(99);
    assertThat(sink.rejections()).hasSize(1);
    assertThat(started.metrics().receivedTotal()).isEqualTo(100);
    assertThat(started.metrics().loadedTotal()).isEqualTo(99);
    assertThat(acknowledged.get()).as("the observer after a throwing one").isEqualTo(100);
  }

  @Test
  void forwardsTheRejectedMessageToTheDeadLetterQueueBeforeDeletingItAndCountsIt() throws Exception {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    queue.send(SampleMessages.bundled());
    InMemorySink sink = new InMemorySink();
    InMemoryDeadLetters deadLetters = new InMemoryDeadLetters("9.9.9");
    queue.requireCommittedBeforeAcknowledge(
        id -> sink.isCommitted(id) && (!sink.rejections().containsKey(id) || deadLetters.holds(id)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RunSettings settings = RunSettings.of(PipelineSettings.defaults().withStopWhenEmpty(true));

    LoaderPipeline.Started started = LoaderPipeline.start(queue, sink, new LoginTransformer(new TestMasker()), settings,
        registry, deadLetters, List.of());
    started.pipeline().awaitStopRequested();
    PipelineSummary summary = started.pipeline().stop();

    assertThat(summary.failed()).isEmpty();
    assertThat(summary.forwarded()).isEqualTo(1);
    assertThat(deadLetters.letters()).singleElement().satisfies(letter -> assertThat(letter.attributes())
        .containsEntry(DeadLetterAttributes.REASON, "MISSING_FIELD")
        .containsEntry(DeadLetterAttributes.VERSION, "9.9.9"));
    assertThat(queue.violations()).isEmpty();
    assertThat(queue.size()).isZero();
    assertThat(registry.get("loginetl.messages.forwarded").counter().count()).isEqualTo(1.0);
  }
}
