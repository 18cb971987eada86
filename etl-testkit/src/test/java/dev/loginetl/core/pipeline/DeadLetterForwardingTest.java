package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.testkit.InMemoryDeadLetters;
import dev.loginetl.testkit.InMemoryQueue;
import dev.loginetl.testkit.InMemorySink;
import dev.loginetl.testkit.TestMasker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rejected messages go to the dead-letter queue before they leave the source, and come back once. */
class DeadLetterForwardingTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String VERSION = "test-1";
  private static final String BAD = "{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}";

  private final LoginTransformer transformer = new LoginTransformer(new TestMasker());
  private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters(VERSION);

  private static List<String> logins(int count) {
    return IntStream.range(0, count).mapToObj(i -> "{\"user_id\":\"user-" + i + "\",\"ip\":\"10.0.0." + i + "\"}").toList();
  }

  private PipelineBuilder pipeline(InMemoryQueue queue, InMemorySink sink) {
    return Pipeline.builder(queue, sink, transformer)
        .rejectionForwarder(deadLetters)
        .retryDelays(Duration.ofMillis(5), Duration.ofMillis(50))
        .linger(Duration.ofMillis(20));
  }

  private static PipelineSummary await(Pipeline pipeline) throws InterruptedException {
    assertThat(pipeline.awaitStopRequested(PATIENCE)).as("pipeline stopped by itself").isTrue();
    return pipeline.stop();
  }

  /** Acknowledging is allowed once the message's key is committed and, when rejected, forwarded. */
  private Predicate<ReceivedMessage> committedAndForwarded(InMemorySink sink) {
    return message -> {
      String key = transformer.transform(message).messageId();
      return sink.isCommitted(key) && (!sink.rejections().containsKey(key) || deadLetters.holds(key));
    };
  }

  @Test
  void acknowledgesARejectedMessageOnlyOnceItsForwardHasSucceeded() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink();
    queue.requireBeforeAcknowledge(committedAndForwarded(sink));
    List<String> ids = queue.send(List.of(logins(1).get(0), BAD, logins(3).get(2)));
    deadLetters.failNext(3, false);
    List<String> retried = new CopyOnWriteArrayList<>();

    PipelineSummary summary = await(pipeline(queue, sink).stopWhenEmpty(true).batchSize(10)
        .listener(new PipelineListener() {
          @Override
          public void retrying(String operation, EtlException cause, Duration delay) {
            retried.add(operation);
          }
        }).start());

    assertThat(summary.failed()).isEmpty();
    assertThat(retried).containsExactly("forward to the dead-letter queue", "forward to the dead-letter queue",
        "forward to the dead-letter queue");
    assertThat(queue.violations()).as("acknowledged before committed and forwarded").isEmpty();
    assertThat(queue.size()).isZero();
    assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
      assertThat(letter.body()).isEqualTo(BAD);
      assertThat(letter.attributes())
          .containsEntry(DeadLetterAttributes.MESSAGE_ID, ids.get(1))
          .containsEntry(DeadLetterAttributes.SQS_MESSAGE_ID, ids.get(1))
          .containsEntry(DeadLetterAttributes.REASON, "MISSING_FIELD")
          .containsEntry(DeadLetterAttributes.VERSION, VERSION)
          .containsKey(DeadLetterAttributes.SENT_TIMESTAMP);
    });
    assertThat(summary.forwarded()).isEqualTo(1);
    assertThat(summary.acknowledged()).isEqualTo(3);
  }

  @Test
  void leavesARejectedMessageQueuedWhenItsForwardOutlastsTheOutageLimitAndForwardsItWhenItComesBack()
      throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofMillis(500));
    InMemorySink sink = new InMemorySink();
    queue.requireBeforeAcknowledge(committedAndForwarded(sink));
    String bad = queue.send(List.of(BAD)).get(0);
    deadLetters.failNext(Integer.MAX_VALUE, false);

    PipelineSummary failed = await(pipeline(queue, sink).outageLimit(Duration.ofMillis(300)).start());

    assertThat(failed.failed()).get().extracting(EtlException::getMessage).asString()
        .startsWith("could not forward to the dead-letter queue for longer than the outage limit of PT0.3S");
    assertThat(sink.rejections()).as("the rejection is committed").containsOnlyKeys(bad);
    assertThat(queue.remainingIds()).as("the message is still queued").containsExactly(bad);
    assertThat(failed.acknowledged()).isZero();
    assertThat(deadLetters.letters()).isEmpty();

    // The dead-letter queue is back; the message returns once its visibility timeout has passed.
    deadLetters.failNext(0, false);
    Thread.sleep(600);
    PipelineSummary again = await(pipeline(queue.reopen(), sink).stopWhenEmpty(true).start());

    assertThat(again.failed()).isEmpty();
    assertThat(again.duplicates()).as("its rejection was stored before").isEqualTo(1);
    assertThat(again.forwarded()).as("forwarded all the same").isEqualTo(1);
    assertThat(deadLetters.keys()).containsExactly(bad);
    assertThat(queue.size()).isZero();
    assertThat(queue.violations()).isEmpty();
    assertThat(sink.timesStored()).containsExactly(Map.entry(bad, 1));
  }

  @Test
  void leavesAMessageTheDeadLetterQueueRefusesOnTheQueueAndKeepsLoadingTheRest() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofMillis(300));
    InMemorySink sink = new InMemorySink();
    queue.requireBeforeAcknowledge(committedAndForwarded(sink));
    String tooLarge = "{\"foo\":\"" + "x".repeat(1_000) + "\"}";
    deadLetters.refuseBodiesLongerThan(500);
    List<String> ids = queue.send(List.of(BAD, tooLarge));
    String big = ids.get(1);
    List<String> logins = queue.send(logins(200));
    List<String> notForwarded = new CopyOnWriteArrayList<>();

    Pipeline pipeline = pipeline(queue, sink).batchSize(10).listener(new PipelineListener() {
      @Override
      public void notForwarded(List<dev.loginetl.core.port.Forwarded.Unkept> unkept) {
        unkept.forEach(u -> notForwarded.add(u.messageId() + " " + u.code()));
      }
    }).start();
    Instant guard = Instant.now().plus(PATIENCE);
    // It comes back after each visibility timeout and is refused again each time.
    while (notForwarded.size() < 3 && Instant.now().isBefore(guard)) {
      Thread.sleep(20);
    }
    pipeline.requestStop();
    PipelineSummary summary = pipeline.stop();

    assertThat(summary.failed()).as("the pipeline goes on").isEmpty();
    assertThat(notForwarded).hasSizeGreaterThanOrEqualTo(3).containsOnly(big + " " + InMemoryDeadLetters.TOO_LARGE);
    assertThat(sink.rows()).containsOnlyKeys(logins);
    assertThat(sink.rejections()).containsOnlyKeys(ids.get(0), big);
    assertThat(deadLetters.keys()).containsExactly(ids.get(0));
    assertThat(queue.remainingIds()).as("kept nowhere else, so still queued").containsExactly(big);
    assertThat(queue.violations()).isEmpty();
  }

  @Test
  void stopsAtOnceWithoutAcknowledgingWhenTheForwardFailsFatally() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink();
    queue.send(List.of(BAD, logins(1).get(0)));
    deadLetters.failNext(1, true);

    // One receiver and one writer, so that both messages are in the batch whose forward fails; with
    // more, the valid message could go in a batch of its own and rightly be acknowledged.
    PipelineSummary summary = await(pipeline(queue, sink).receivers(1).writers(1).batchSize(10)
        .linger(Duration.ofMillis(200)).start());

    assertThat(summary.failed()).get().extracting(EtlException::getMessage)
        .isEqualTo("injected fatal forward failure");
    assertThat(summary.acknowledged()).isZero();
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void withoutAForwarderARejectedMessageIsAcknowledgedOnceItsRejectionIsCommitted() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink();
    queue.requireCommittedBeforeAcknowledge(sink::isCommitted);
    queue.send(List.of(BAD));

    PipelineSummary summary = await(Pipeline.builder(queue, sink, transformer).stopWhenEmpty(true).start());

    assertThat(summary.forwarded()).isZero();
    assertThat(summary.rejectedTotal()).isEqualTo(1);
    assertThat(queue.size()).isZero();
    assertThat(deadLetters.calls()).isZero();
  }

  @Test
  void aRefusedRowReplayedBeforeItsCauseIsFixedIsRefusedAndForwardedAgain() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(1, 0, 0, 0, Duration.ZERO,
        row -> row.userId().equals("user-1")));
    queue.requireBeforeAcknowledge(committedAndForwarded(sink));
    List<String> ids = queue.send(logins(3));
    await(pipeline(queue, sink).stopWhenEmpty(true).start());
    assertThat(deadLetters.keys()).containsExactly(ids.get(1));

    assertThat(deadLetters.redriveTo(queue)).isEqualTo(1);
    PipelineSummary replay = await(pipeline(queue.reopen(), sink).stopWhenEmpty(true).start());

    assertThat(replay.rejectedTotal()).as("nothing newly rejected").isZero();
    assertThat(replay.duplicates()).isEqualTo(1);
    assertThat(replay.forwarded()).isEqualTo(1);
    assertThat(deadLetters.letters()).singleElement().satisfies(letter -> assertThat(letter.attributes())
        .containsEntry(DeadLetterAttributes.MESSAGE_ID, ids.get(1))
        .containsEntry(DeadLetterAttributes.SQS_MESSAGE_ID, ids.get(1))
        .containsEntry(DeadLetterAttributes.REASON, "REFUSED_BY_DATABASE"));
    assertThat(sink.rows()).containsOnlyKeys(ids.get(0), ids.get(2));
    assertThat(sink.resolvedRejections()).isEmpty();
    assertThat(queue.size()).isZero();
    assertThat(queue.violations()).isEmpty();
  }

  @Test
  void aMessageRedrivenOnceItsCauseIsFixedBecomesOneRowUnderItsFirstKeyAndResolvesItsRejection()
      throws InterruptedException {
    AtomicBoolean narrowColumn = new AtomicBoolean(true);
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(1, 0, 0, 0, Duration.ZERO,
        row -> narrowColumn.get() && row.userId().equals("user-2")));
    queue.requireBeforeAcknowledge(committedAndForwarded(sink));
    List<String> ids = queue.send(logins(4));
    String refused = ids.get(2);
    PipelineSummary first = await(pipeline(queue, sink).stopWhenEmpty(true).start());
    assertThat(first.rejected()).isEqualTo(Map.of(RejectReason.REFUSED_BY_DATABASE, 1L));
    Instant sentFirst = Instant.ofEpochMilli(Long.parseLong(
        deadLetters.letters().get(0).attributes().get(DeadLetterAttributes.SENT_TIMESTAMP)));

    narrowColumn.set(false);
    deadLetters.redriveTo(queue);
    deadLetters.redriveTo(queue); // nothing more: it was moved
    PipelineSummary replay = await(pipeline(queue.reopen(), sink).stopWhenEmpty(true).start());

    assertThat(replay.loaded()).isEqualTo(1);
    assertThat(replay.forwarded()).isZero();
    LoginRow row = sink.rows().get(refused);
    assertThat(row).as("stored under its first key").isNotNull();
    assertThat(row.sqsMessageId()).as("carried by the new message").isNotEqualTo(refused);
    assertThat(row.createDate()).isEqualTo(LocalDate.ofInstant(sentFirst, ZoneOffset.UTC));
    assertThat(sink.rows()).hasSize(4);
    assertThat(sink.rejections()).as("kept, not deleted").containsOnlyKeys(refused);
    assertThat(sink.resolvedRejections()).containsExactly(refused);
    assertThat(sink.timesStored()).as("its rejection, then its row").containsEntry(refused, 2);
    assertThat(queue.size()).isZero();
    assertThat(deadLetters.letters()).isEmpty();
  }
}
