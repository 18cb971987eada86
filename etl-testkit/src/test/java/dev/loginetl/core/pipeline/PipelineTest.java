package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.core.testing.AwsEnvelopes;
import dev.loginetl.core.testing.Listeners;
import dev.loginetl.core.testing.SampleData;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.core.transform.Transform;
import dev.loginetl.testkit.InMemoryQueue;
import dev.loginetl.testkit.InMemorySink;
import dev.loginetl.testkit.TestMasker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private final LoginTransformer transformer = new LoginTransformer(new TestMasker());

  private static List<String> logins(int count) {
    return IntStream.range(0, count).mapToObj(i -> "{\"user_id\":\"user-" + i + "\",\"ip\":\"10.0.0." + (i % 256) + "\"}").toList();
  }

  private PipelineBuilder pipeline(MessageSource source, LoginSink sink) {
    return Pipeline.builder(source, sink, transformer)
        .retryDelays(Duration.ofMillis(5), Duration.ofMillis(50))
        .linger(Duration.ofMillis(20));
  }

  private static PipelineSummary runUntilEmpty(Pipeline pipeline) throws InterruptedException {
    assertThat(pipeline.awaitStopRequested(PATIENCE)).as("pipeline stopped by itself").isTrue();
    return pipeline.stop();
  }

  @Test
  void drainsTheSampleIntoNinetyNineRowsAndOneRejection() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink();
    queue.requireCommittedBeforeAcknowledge(sink::isCommitted);
    queue.send(SampleData.bodies());

    List<RejectedMessage> forwarded = new CopyOnWriteArrayList<>();
    PipelineSummary summary = runUntilEmpty(pipeline(queue, sink).stopWhenEmpty(true)
        .listener(new PipelineListener() {
          @Override
          public void rejectionsCommitted(List<RejectedMessage> rejected) {
            forwarded.addAll(rejected);
          }
        }).start());

    assertThat(forwarded).extracting(r -> r.message().body())
        .containsExactly("{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}");
    assertThat(summary.received()).isEqualTo(100);
    assertThat(summary.loaded()).isEqualTo(99);
    assertThat(summary.rejected()).isEqualTo(Map.of(RejectReason.MISSING_FIELD, 1L));
    assertThat(summary.acknowledged()).isEqualTo(100);
    assertThat(summary.duplicates()).isZero();
    assertThat(summary.failed()).isEmpty();
    assertThat(sink.rows()).hasSize(99);
    assertThat(sink.rejections()).hasSize(1);
    assertThat(queue.size()).isZero();
    assertThat(queue.violations()).isEmpty();
  }

  @Test
  void writesAMessageDeliveredTwiceOnce() throws InterruptedException {
    DoubleDelivery source = new DoubleDelivery(logins(30));
    InMemorySink sink = new InMemorySink();

    PipelineSummary summary = runUntilEmpty(pipeline(source, sink).stopWhenEmpty(true).batchSize(7).start());

    assertThat(sink.rows()).hasSize(30);
    assertThat(sink.timesStored().values()).containsOnly(1);
    assertThat(summary.received()).isEqualTo(60);
    assertThat(summary.loaded()).isEqualTo(30);
    assertThat(summary.duplicates()).isEqualTo(30);
    assertThat(source.acknowledged).hasSize(60);
  }

  @Test
  void storesAnSnsMessageDeliveredInTwoSqsMessagesOnceAndDeletesBothAfterTheCommitInOneBatch()
      throws InterruptedException {
    assertDuplicateSnsDeliveriesAreStoredOnceAndAllDeleted(50, 1);
  }

  @Test
  void storesAnSnsMessageDeliveredInTwoSqsMessagesOnceAndDeletesBothAfterTheCommitAcrossBatches()
      throws InterruptedException {
    assertDuplicateSnsDeliveriesAreStoredOnceAndAllDeleted(1, 3);
  }

  /**
   * SNS delivers at least once: a duplicate reaches SQS as a new message, with a new SQS id and the
   * same SNS MessageId. Bodies as AWS documents them (see AwsEnvelopes).
   */
  private void assertDuplicateSnsDeliveriesAreStoredOnceAndAllDeleted(int batchSize, int writers)
      throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink();
    String first = AwsEnvelopes.snsNotification("sns-1", "{\"user_id\":\"u1\"}", "2026-11-20T10:00:00Z").toString();
    String second = AwsEnvelopes.snsNotification("sns-2", "{\"user_id\":\"u2\"}", "2026-11-20T10:00:01Z").toString();
    String broken = AwsEnvelopes.snsNotification("sns-3", "not json", "2026-11-20T10:00:02Z").toString();
    String event = AwsEnvelopes.eventBridgeEvent("eb-1", "{\"user_id\":\"u4\"}", "2026-11-20T10:00:03Z").toString();
    List<String> bodies = List.of(first, second, first, broken, event, second, broken, event, logins(1).get(0));
    List<String> sqsIds = queue.send(bodies);
    Map<String, String> keyBySqsId = new java.util.HashMap<>();
    for (int i = 0; i < sqsIds.size(); i++) {
      keyBySqsId.put(sqsIds.get(i), transformer.transform(new ReceivedMessage(sqsIds.get(i), bodies.get(i), null, 1, "h"))
          .messageId());
    }
    queue.requireCommittedBeforeAcknowledge(sqsId -> sink.isCommitted(keyBySqsId.get(sqsId)));

    PipelineSummary summary = runUntilEmpty(
        pipeline(queue, sink).stopWhenEmpty(true).batchSize(batchSize).writers(writers).start());

    assertThat(sink.rows()).containsOnlyKeys("sns-1", "sns-2", "eb-1", sqsIds.get(8));
    assertThat(sink.rejections()).containsOnlyKeys("sns-3");
    assertThat(sink.timesStored().values()).containsOnly(1);
    assertThat(sink.rows().get("sns-1").sqsMessageId()).isIn(sqsIds.get(0), sqsIds.get(2));
    assertThat(sink.rejections().get("sns-3").sqsMessageId()).isIn(sqsIds.get(3), sqsIds.get(6));
    assertThat(summary.received()).isEqualTo(9);
    assertThat(summary.loaded()).isEqualTo(4);
    assertThat(summary.duplicates()).isEqualTo(4);
    assertThat(summary.acknowledged()).as("every delivery deleted, copies included").isEqualTo(9);
    assertThat(queue.size()).isZero();
    assertThat(queue.violations()).as("deleted before its event was committed").isEmpty();
  }

  @Test
  void retriesARetryableSinkFailureAndLosesNothing() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink();
    FlakySink flaky = new FlakySink(sink, 3);
    List<String> operations = new CopyOnWriteArrayList<>();
    queue.send(logins(50));

    PipelineSummary summary = runUntilEmpty(pipeline(queue, flaky).stopWhenEmpty(true)
        .listener(new PipelineListener() {
          @Override
          public void retrying(String operation, EtlException cause, Duration delay) {
            operations.add(operation);
          }
        }).start());

    assertThat(summary.failed()).isEmpty();
    assertThat(sink.rows()).hasSize(50);
    assertThat(queue.size()).isZero();
    assertThat(operations).hasSize(3).containsOnly("write to the sink");
  }

  @Test
  void aWriteThatFailedAfterItsCommitIsRetriedWithoutDuplicating() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(7, 0, 0.5, 0, Duration.ZERO, row -> false));
    queue.requireCommittedBeforeAcknowledge(sink::isCommitted);
    queue.send(logins(200));

    PipelineSummary summary = runUntilEmpty(pipeline(queue, sink).stopWhenEmpty(true).batchSize(10).start());

    assertThat(summary.failed()).isEmpty();
    assertThat(sink.rows()).hasSize(200);
    assertThat(sink.timesStored().values()).containsOnly(1);
    assertThat(summary.loaded() + summary.duplicates()).isGreaterThanOrEqualTo(200);
    assertThat(queue.size()).isZero();
  }

  @Test
  void stopsOnAFatalSinkFailureWithoutAcknowledgingAnything() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(1, 0, 0, 1.0, Duration.ZERO, row -> false));
    queue.send(logins(40));

    Pipeline pipeline = pipeline(queue, sink).start();
    assertThat(pipeline.awaitStopRequested(PATIENCE)).isTrue();
    PipelineSummary summary = pipeline.stop();

    assertThat(summary.failed()).get().extracting(EtlException::getMessage).isEqualTo("injected fatal failure");
    assertThat(summary.acknowledged()).isZero();
    assertThat(queue.size()).isEqualTo(40);
    assertThat(pipeline.status().state()).isEqualTo(PipelineStatus.State.FAILED);
  }

  @Test
  void givesUpOnceAnOutageOutlastsTheLimit() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(1, 1.0, 0, 0, Duration.ZERO, row -> false));
    queue.send(logins(5));

    Pipeline pipeline = pipeline(queue, sink).outageLimit(Duration.ofMillis(300)).start();
    assertThat(pipeline.awaitStopRequested(PATIENCE)).isTrue();
    PipelineSummary summary = pipeline.stop();

    assertThat(summary.failed()).get().extracting(EtlException::getMessage).asString()
        .startsWith("could not write to the sink for longer than the outage limit of PT0.3S");
    assertThat(queue.size()).isEqualTo(5);
    assertThat(summary.acknowledged()).isZero();
  }

  @Test
  void reportsRetryingInItsStatusWhileTheSinkIsDown() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    FlakySink flaky = new FlakySink(new InMemorySink(), Integer.MAX_VALUE);
    queue.send(logins(1));

    try (Pipeline pipeline = pipeline(queue, flaky).outageLimit(Duration.ofSeconds(20)).start()) {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (pipeline.status().retrying().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      PipelineStatus status = pipeline.status();
      assertThat(status.retrying()).containsExactly("write to the sink");
      assertThat(status.healthy()).isFalse();
      assertThat(status.inFlight()).isEqualTo(1);
      flaky.heal();
    }
  }

  @Test
  void extendsTheVisibilityOfSlowBatchesSoThatNothingIsDeliveredTwice() throws InterruptedException {
    // The batch takes 4 s to write, well past the 3 s visibility; extensions are due every 1.5 s, a
    // margin that holds on a loaded machine (with 400 ms it once missed under a load average of 20).
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(3));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(3, 0, 0, 0, Duration.ofMillis(1_200), row -> false));
    AtomicInteger extended = new AtomicInteger();
    queue.send(logins(20));

    PipelineSummary summary = runUntilEmpty(pipeline(queue, new SlowSink(sink, Duration.ofSeconds(4)))
        .stopWhenEmpty(true).batchSize(20).linger(Duration.ofMillis(200)).writers(1)
        .listener(new PipelineListener() {
          @Override
          public void extended(int messages) {
            extended.addAndGet(messages);
          }
        }).start());

    assertThat(extended.get()).isPositive();
    assertThat(queue.deliveries()).isEqualTo(20);
    assertThat(summary.duplicates()).isZero();
    assertThat(sink.rows()).hasSize(20);
  }

  @Test
  void neverHoldsMoreMessagesThanTheInFlightBound() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(5, 0, 0, 0, Duration.ofMillis(5), row -> false));
    queue.send(logins(2_000));

    runUntilEmpty(pipeline(queue, sink).stopWhenEmpty(true).maxInFlight(25).batchSize(10).receivers(4).start());

    assertThat(sink.rows()).hasSize(2_000);
    assertThat(queue.maxOutstanding()).isBetween(1, 25);
  }

  @Test
  void stopFinishesWhatItTookAndLeavesTheRestOnTheQueue() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(9, 0, 0, 0, Duration.ofMillis(20), row -> false));
    queue.requireCommittedBeforeAcknowledge(sink::isCommitted);
    List<String> ids = queue.send(logins(3_000));

    // Writes wait once 200 rows are stored, and the in-flight bound, well under the backlog, then
    // keeps the receivers from taking the whole queue before the stop, however slow this thread is:
    // what they took is finished, and the rest must still be on the queue.
    GatedSink gated = new GatedSink(sink, 200);
    Pipeline pipeline = pipeline(queue, gated).batchSize(50).maxInFlight(300).start();
    while (sink.rows().size() < 200) {
      Thread.sleep(5);
    }
    pipeline.requestStop();
    gated.open();
    PipelineSummary summary = pipeline.stop();

    Set<String> stored = sink.rows().keySet();
    Set<String> remaining = queue.remainingIds();
    assertThat(summary.failed()).isEmpty();
    assertThat(remaining).isNotEmpty();
    assertThat(stored).doesNotContainAnyElementsOf(remaining);
    Set<String> union = new HashSet<>(stored);
    union.addAll(remaining);
    assertThat(union).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(summary.acknowledged()).isEqualTo(stored.size());
    assertThat(pipeline.status().state()).isEqualTo(PipelineStatus.State.STOPPED);
    assertThat(queue.violations()).isEmpty();
  }

  @Test
  void countsRowsTheSinkRefusedAsRejections() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(
        new InMemorySink.Faults(1, 0, 0, 0, Duration.ZERO, row -> row.userId().equals("user-3")));
    queue.send(logins(10));

    List<RejectedMessage> forwarded = new CopyOnWriteArrayList<>();
    PipelineSummary summary = runUntilEmpty(pipeline(queue, sink).stopWhenEmpty(true)
        .listener(new PipelineListener() {
          @Override
          public void rejectionsCommitted(List<RejectedMessage> rejected) {
            forwarded.addAll(rejected);
          }
        }).start());

    assertThat(forwarded).singleElement().satisfies(r -> {
      assertThat(r.message().body()).contains("user-3");
      assertThat(r.rejection().reason()).isEqualTo(RejectReason.REFUSED_BY_DATABASE);
    });
    assertThat(summary.loaded()).isEqualTo(9);
    assertThat(summary.rejected()).isEqualTo(Map.of(RejectReason.REFUSED_BY_DATABASE, 1L));
    assertThat(queue.size()).isZero();
  }

  @Test
  void staysUnhealthyWhileAnotherWriterStillRetriesTheSameOperation() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    OneHealsOneHangs sink = new OneHealsOneHangs();
    CountDownLatch recovered = new CountDownLatch(1);
    queue.send(logins(2));

    try (Pipeline pipeline = pipeline(queue, sink).batchSize(1).writers(2).outageLimit(Duration.ofSeconds(20))
        .listener(new PipelineListener() {
          @Override
          public void recovered(String operation) {
            recovered.countDown();
          }
        }).start()) {
      assertThat(sink.firstFailed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(sink.secondRetrying.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      sink.firstHealed = true;
      assertThat(recovered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("first writer recovered").isTrue();

      PipelineStatus status = pipeline.status();
      sink.releaseSecond.countDown();
      assertThat(status.retrying()).containsExactly("write to the sink");
      assertThat(status.healthy()).isFalse();
    }
    assertThat(sink.delegate.rows()).hasSize(2);
  }

  @Test
  void tellsItsListenerOnceWhenItFails() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink(new InMemorySink.Faults(1, 0, 0, 1.0, Duration.ZERO, row -> false));
    List<EtlException> failures = new CopyOnWriteArrayList<>();
    CountDownLatch told = new CountDownLatch(1);
    queue.send(logins(40));

    Pipeline pipeline = pipeline(queue, sink).batchSize(1).writers(4)
        .listener(new PipelineListener() {
          @Override
          public void failed(EtlException cause) {
            failures.add(cause);
            told.countDown();
          }
        }).start();
    assertThat(told.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("told without polling").isTrue();
    PipelineSummary summary = pipeline.stop();

    assertThat(failures).singleElement().isSameAs(summary.failed().orElseThrow());
    assertThat(failures.get(0)).hasMessage("injected fatal failure");
  }

  @Test
  void tellsOfNoFailureWhenItDrainsNormally() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    List<EtlException> failures = new CopyOnWriteArrayList<>();
    queue.send(logins(10));

    PipelineSummary summary = runUntilEmpty(pipeline(queue, new InMemorySink()).stopWhenEmpty(true)
        .listener(new PipelineListener() {
          @Override
          public void failed(EtlException cause) {
            failures.add(cause);
          }
        }).start());

    assertThat(summary.loaded()).isEqualTo(10);
    assertThat(failures).isEmpty();
  }

  @Test
  void keepsGoingWhenAListenerThrowsOnEveryEvent() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    InMemorySink sink = new InMemorySink();
    AtomicInteger acknowledged = new AtomicInteger();
    queue.send(logins(50));

    PipelineSummary summary = runUntilEmpty(pipeline(queue, new FlakySink(sink, 2)).stopWhenEmpty(true)
        .listener(PipelineListener.composite(List.of(Listeners.throwing(), new PipelineListener() {
          @Override
          public void acknowledged(int messages) {
            acknowledged.addAndGet(messages);
          }
        }))).start());

    assertThat(summary.failed()).isEmpty();
    assertThat(sink.rows()).hasSize(50);
    assertThat(acknowledged.get()).isEqualTo(50);
    assertThat(queue.size()).isZero();
  }

  @Test
  void runsOnThreadsMadeByTheGivenFactory() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    List<Thread> made = new CopyOnWriteArrayList<>();
    Set<Thread> receiving = ConcurrentHashMap.newKeySet();
    Set<Thread> writing = ConcurrentHashMap.newKeySet();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "caller-" + made.size());
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    };
    queue.send(logins(100));

    PipelineSummary summary = runUntilEmpty(pipeline(queue, new InMemorySink()).stopWhenEmpty(true)
        .receivers(2).writers(3).batchSize(10).threadFactory(factory)
        .listener(new PipelineListener() {
          @Override
          public void received(int messages) {
            receiving.add(Thread.currentThread());
          }

          @Override
          public void committed(BatchReport report) {
            writing.add(Thread.currentThread());
          }
        }).start());

    assertThat(summary.loaded()).isEqualTo(100);
    assertThat(made).as("2 receivers, 3 writers and the visibility extender").hasSize(6);
    assertThat(made).containsAll(receiving).containsAll(writing);
    assertThat(receiving).isNotEmpty();
    assertThat(writing).isNotEmpty();
  }

  @Test
  void changingTheBuilderAfterStartChangesNothingInThePipeline() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    queue.send(logins(5));
    PipelineBuilder builder = pipeline(queue, new InMemorySink()).stopWhenEmpty(true);

    Pipeline pipeline = builder.start();
    builder.stopWhenEmpty(false);

    assertThat(runUntilEmpty(pipeline).loaded()).isEqualTo(5);
  }

  @Test
  void runsWithAPassThroughTransformAndASinkThatWritesNothing() throws InterruptedException {
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    queue.send(logins(30));
    Transform passThrough = message -> new Outcome.Parsed(
        new LoginRow(message.messageId(), "-", null, null, null, null, null, null, LocalDate.EPOCH), 0);
    LoginSink nowhere = new LoginSink() {
      @Override
      public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
        return WriteResult.clean();
      }

      @Override
      public void close() {}
    };

    PipelineSummary summary = runUntilEmpty(
        Pipeline.builder(queue, nowhere, passThrough).stopWhenEmpty(true).linger(Duration.ofMillis(20)).start());

    assertThat(summary.acknowledged()).isEqualTo(30);
    assertThat(queue.size()).isZero();
  }

  /** Delivers every message twice, with two handles, in two different receives. */
  private static final class DoubleDelivery implements MessageSource {
    private final List<ReceivedMessage> pending = new ArrayList<>();
    final List<Object> acknowledged = new CopyOnWriteArrayList<>();

    DoubleDelivery(List<String> bodies) {
      for (int copy = 1; copy <= 2; copy++) {
        for (int i = 0; i < bodies.size(); i++) {
          pending.add(new ReceivedMessage("id-" + i, bodies.get(i), Instant.now(), copy, "handle-" + i + "-" + copy));
        }
      }
    }

    @Override
    public synchronized List<ReceivedMessage> receive(int maxMessages) {
      List<ReceivedMessage> out = new ArrayList<>(pending.subList(0, Math.min(maxMessages, pending.size())));
      pending.subList(0, out.size()).clear();
      return out;
    }

    @Override
    public void acknowledge(List<ReceivedMessage> messages) {
      messages.forEach(m -> acknowledged.add(m.handle()));
    }

    @Override
    public void extendVisibility(List<ReceivedMessage> messages) {}

    @Override
    public Duration visibilityTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    public void close() {}
  }

  /**
   * Two batches of one message each, on two writers: user-0's write fails until {@link #firstHealed};
   * user-1's fails once, and its retry then waits inside the sink until {@link #releaseSecond}.
   */
  private static final class OneHealsOneHangs implements LoginSink {
    final InMemorySink delegate = new InMemorySink();
    final CountDownLatch firstFailed = new CountDownLatch(1);
    final CountDownLatch secondRetrying = new CountDownLatch(1);
    final CountDownLatch releaseSecond = new CountDownLatch(1);
    private final AtomicInteger secondCalls = new AtomicInteger();
    volatile boolean firstHealed;

    @Override
    public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
      if (rows.get(0).userId().equals("user-0")) {
        if (!firstHealed) {
          firstFailed.countDown();
          throw new RetryableEtlException("connection reset");
        }
        return delegate.write(rows, rejections);
      }
      if (secondCalls.incrementAndGet() == 1) {
        throw new RetryableEtlException("connection reset");
      }
      secondRetrying.countDown();
      awaitAsAWrite(releaseSecond);
      return delegate.write(rows, rejections);
    }

    @Override
    public void close() {}
  }

  /** Waits for {@code latch} (at most {@link #PATIENCE}) inside a sink's write, which an interrupt fails as retryable. */
  private static void awaitAsAWrite(CountDownLatch latch) {
    try {
      latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableEtlException("interrupted");
    }
  }

  /** Fails its first {@code failures} writes as retryable, then delegates. */
  private static final class FlakySink implements LoginSink {
    private final LoginSink delegate;
    private final AtomicInteger failuresLeft;

    FlakySink(LoginSink delegate, int failures) {
      this.delegate = delegate;
      this.failuresLeft = new AtomicInteger(failures);
    }

    void heal() {
      failuresLeft.set(0);
    }

    @Override
    public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new RetryableEtlException("connection reset");
      }
      return delegate.write(rows, rejections);
    }

    @Override
    public void close() {}
  }

  /** Holds every write that starts once {@code after} rows are stored, until {@link #open()}. */
  private static final class GatedSink implements LoginSink {
    private final InMemorySink delegate;
    private final int after;
    private final CountDownLatch gate = new CountDownLatch(1);

    GatedSink(InMemorySink delegate, int after) {
      this.delegate = delegate;
      this.after = after;
    }

    void open() {
      gate.countDown();
    }

    @Override
    public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
      if (delegate.rows().size() >= after) {
        awaitAsAWrite(gate);
      }
      return delegate.write(rows, rejections);
    }

    @Override
    public void close() {}
  }

  /** Takes at least {@code delay} for every write. */
  private static final class SlowSink implements LoginSink {
    private final LoginSink delegate;
    private final Duration delay;

    SlowSink(LoginSink delegate, Duration delay) {
      this.delegate = delegate;
      this.delay = delay;
    }

    @Override
    public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RetryableEtlException("interrupted");
      }
      return delegate.write(rows, rejections);
    }

    @Override
    public void close() {}
  }
}
