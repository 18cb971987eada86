package dev.loginetl.core.pipeline;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.port.Forwarded;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.port.RejectionForwarder;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.core.transform.Transform;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moves messages from a {@link MessageSource} to a {@link LoginSink}, through a {@link Transform},
 * without losing or duplicating any.
 *
 * <p><b>How it works.</b> Receiver threads take messages from the source and transform them;
 * writer threads gather the outcomes into batches, closed when full or when the linger time has
 * passed since their first message, and write each batch to the sink in one call. Only once the sink
 * has committed a batch, and its rejected messages are forwarded to the dead-letter queue (when
 * there is a {@link RejectionForwarder}), are its messages acknowledged (deleted from the source).
 * At most {@code maxInFlight} messages are held between receipt and acknowledgement; receivers wait
 * for room rather than buffer, so memory stays flat whatever the queue holds. The receiver count is
 * fixed, or adapts within bounds ({@link PipelineSettings#adaptiveReceivers()}): receivers are added
 * while receives come back full and each addition raises the rate, and dropped when receives come
 * back empty or wait for room. Nothing waits for a particular message, so a source that holds
 * some back (a FIFO queue, while an earlier message of their group is in flight) delays only those;
 * batches of one group may commit in any order.
 *
 * <p><b>Guarantees.</b>
 *
 * <ul>
 *   <li>A message is acknowledged only after its row or rejection is committed, and, for a rejected
 *       message with a {@link PipelineBuilder#rejectionForwarder rejection forwarder}, only after
 *       its forward returned. A rejected message is forwarded whenever its key ends as a rejection,
 *       stored by this commit or before (a redelivery after a crash, a row refused again): at
 *       least once, never lost. A forward that fails is retried like any other call, below. A
 *       message the dead-letter queue refuses as such ({@link
 *       dev.loginetl.core.port.Forwarded#unkept()}) is not acknowledged: it stays on the source
 *       queue, listeners hear of it ({@link PipelineListener#notForwarded}), and the rest goes on.
 *   <li>Exactly once per source event id: one row or one rejection. Outcomes are keyed by their
 *       idempotency key ({@link dev.loginetl.core.model.Outcome#messageId()}: the SNS or
 *       EventBridge event id of an enveloped login, else the SQS message id). A message delivered
 *       twice, or two SQS messages carrying one event (a duplicate SNS delivery), in one batch or
 *       in two, are written once: the pipeline keeps the first copy of each key in a batch, and the
 *       sink is idempotent by key across batches, so redeliveries, crashes between commit and
 *       acknowledgement, and several pipelines on one queue make no second row. Every delivery,
 *       copies included, is acknowledged once its batch is committed. Two events with two ids are
 *       two rows, even when a producer sent the same login twice.
 *   <li>A retryable failure is retried with exponential backoff until it has lasted longer than the
 *       outage limit; then, or on any other failure, the pipeline stops, acknowledging nothing it
 *       has not committed, and the source delivers those messages again later.
 *   <li>Messages still in work after half their visibility timeout get it extended.
 * </ul>
 *
 * <p><b>Lifecycle.</b> {@link PipelineBuilder#start()} starts the threads. The pipeline then runs until
 * {@link #requestStop()}, a failure (which its listener is told of), or (with {@link
 * PipelineSettings#stopWhenEmpty()}) an empty receive with nothing in flight. {@link #stop()} (or
 * {@link #close()}) stops receiving, finishes, commits and acknowledges what is in flight, releases
 * the threads, and returns the summary; it does not close the source or sink, which belong to the
 * caller.
 *
 * <p>Thread-safe. Its settings are fixed at start.
 */
public final class Pipeline implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
  private static final long IDLE_POLL_MILLIS = 50;
  /** The operation that forwards rejected messages, as retries and the status name it. */
  static final String FORWARD = "forward to the dead-letter queue";

  private final MessageSource source;
  private final LoginSink sink;
  private final RejectionForwarder forwarder;
  private final Transform transform;
  private final PipelineSettings settings;
  private final PipelineListener listener;
  private final Clock clock;

  private final Semaphore room;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LinkedBlockingQueue<Work> ready = new LinkedBlockingQueue<>();
  private final RetryingOperations retries;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch receiversDone;
  private final AtomicReference<EtlException> failure = new AtomicReference<>();
  private final PipelineCounters counters = new PipelineCounters();
  private volatile boolean receiving = true;

  private final ExecutorService receivers;
  private final ActiveReceivers active;
  private final ExecutorService writers;
  private final VisibilityExtender extender;
  private final Object closeLock = new Object();
  private PipelineSummary summary;
  private volatile boolean stopped;

  /**
   * See {@link PipelineBuilder#start()}; {@code forwarder} is null for none, {@code threads} null for
   * the default named threads.
   */
  Pipeline(MessageSource source, LoginSink sink, RejectionForwarder forwarder, Transform transform,
      PipelineSettings settings, PipelineListener listener, Clock clock, ThreadFactory threads) {
    this.source = source;
    this.sink = sink;
    this.forwarder = forwarder;
    this.transform = transform;
    this.settings = settings;
    this.listener = PipelineListener.composite(List.of(listener));
    this.clock = clock;
    this.retries = new RetryingOperations(settings, this.listener);
    this.room = new Semaphore(settings.maxInFlight());
    this.receiversDone = new CountDownLatch(settings.maxReceivers());
    this.receivers = Executors.newFixedThreadPool(
        settings.maxReceivers(), threads != null ? threads : named("loginetl-receiver"));
    this.active = new ActiveReceivers(settings, threads != null ? threads : named("loginetl-scaler"));
    this.writers = Executors.newFixedThreadPool(
        settings.writers(), threads != null ? threads : named("loginetl-writer"));
    this.extender = new VisibilityExtender(source, this.listener, () -> failure.get() == null,
        threads != null ? threads : named("loginetl-visibility"));
  }

  /** A builder for a pipeline from {@code source} through {@code transform} to {@code sink}. */
  public static PipelineBuilder builder(MessageSource source, LoginSink sink, Transform transform) {
    return new PipelineBuilder(source, sink, transform);
  }

  /** Starts the threads; once, by the builder. */
  void startThreads() {
    for (int i = 0; i < settings.maxReceivers(); i++) {
      int index = i;
      receivers.execute(() -> receiveLoop(index));
    }
    for (int i = 0; i < settings.writers(); i++) {
      writers.execute(this::writeLoop);
    }
    extender.start();
    active.start();
  }

  // ---------------------------------------------------------------- receiving

  /** Receiver {@code index} receives while it is among the {@link ActiveReceivers active} ones. */
  private void receiveLoop(int index) {
    Retrier retrier = retries.newRetrier();
    int want = Math.min(source.maxReceiveBatch(), settings.maxInFlight());
    try {
      while (receiving) {
        if (!active.mayReceive(index)) {
          continue;
        }
        if (!room.tryAcquire(want)) {
          long waitStart = System.nanoTime();
          boolean acquired = room.tryAcquire(want, IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
          active.waitedForRoom(System.nanoTime() - waitStart);
          if (!acquired) {
            continue;
          }
        }
        List<ReceivedMessage> messages;
        try {
          messages = retrier.call("receive from the queue", () -> source.receive(want), () -> receiving);
        } catch (EtlException e) {
          room.release(want);
          if (receiving) {
            fail(e);
          }
          return;
        }
        room.release(want - messages.size());
        active.received(messages.size(), want);
        if (messages.isEmpty()) {
          if (settings.stopWhenEmpty() && inFlight.get() == 0) {
            requestStop();
          }
          continue;
        }
        inFlight.addAndGet(messages.size());
        counters.received(messages.size());
        listener.received(messages.size());
        long now = System.nanoTime();
        for (ReceivedMessage message : messages) {
          Work work = new Work(message, transform.transform(message), now);
          extender.track(work);
          ready.add(work);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fail(asEtl("transform a message", e));
    } finally {
      receiversDone.countDown();
    }
  }

  // ---------------------------------------------------------------- writing

  private void writeLoop() {
    Retrier retrier = retries.newRetrier();
    try {
      while (failure.get() == null) {
        Work first = ready.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (receiversDone.getCount() == 0 && ready.isEmpty()) {
            return;
          }
          continue;
        }
        List<Work> batch = gather(first);
        if (failure.get() != null) {
          return;
        }
        commitAndAcknowledge(new Batch(batch), retrier);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (EtlException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(asEtl("write a batch", e));
    }
  }

  /** A batch starting with {@code first}: full, or closed by the linger time. */
  private List<Work> gather(Work first) throws InterruptedException {
    int batchSize = settings.batchSize();
    List<Work> batch = new ArrayList<>(batchSize);
    batch.add(first);
    long deadline = System.nanoTime() + settings.linger().toNanos();
    while (batch.size() < batchSize) {
      ready.drainTo(batch, batchSize - batch.size());
      long remaining = deadline - System.nanoTime();
      if (batch.size() >= batchSize || remaining <= 0) {
        break;
      }
      if (receiversDone.getCount() == 0 && ready.isEmpty()) {
        break; // draining: nothing more will come
      }
      Work next = ready.poll(remaining, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  private void commitAndAcknowledge(Batch batch, Retrier retrier) throws InterruptedException {
    long start = System.nanoTime();
    WriteResult result = retrier.call(
        "write to the sink", () -> sink.write(batch.rows, batch.rejections), () -> failure.get() == null);
    Duration commitDuration = Duration.ofNanos(System.nanoTime() - start);
    PipelineCounters.Commit commit = counters.committed(batch, result, commitDuration, clock.instant());
    listener.committed(commit.report());
    if (!commit.newlyRejected().isEmpty()) {
      listener.rejectionsCommitted(commit.newlyRejected());
    }
    List<ReceivedMessage> messages = batch.deliveries();
    if (forwarder != null && !commit.toForward().isEmpty()) {
      // Before the acknowledgement: a message whose forward failed stays on the queue.
      List<RejectedMessage> rejected = commit.toForward();
      Forwarded forwarded = retrier.call(FORWARD, () -> forwarder.forward(rejected), () -> failure.get() == null);
      counters.forwarded(rejected.size() - forwarded.unkept().size());
      listener.forwarded(rejected.size() - forwarded.unkept().size());
      if (!forwarded.unkept().isEmpty()) {
        // Kept nowhere else: it stays on the source queue, whose redrive policy can move it.
        Set<ReceivedMessage> unkept = Collections.newSetFromMap(new IdentityHashMap<>());
        forwarded.unkept().forEach(u -> unkept.add(u.message().message()));
        messages = new ArrayList<>(messages);
        messages.removeIf(unkept::contains);
        listener.notForwarded(forwarded.unkept());
      }
    }

    List<ReceivedMessage> acknowledged = messages;
    if (!acknowledged.isEmpty()) {
      retrier.call(
          "acknowledge to the queue",
          () -> {
            source.acknowledge(acknowledged);
            return null;
          },
          () -> failure.get() == null);
    }
    counters.acknowledged(acknowledged.size());
    listener.acknowledged(acknowledged.size());
    extender.release(batch.works);
    int delivered = batch.works.size();
    inFlight.addAndGet(-delivered);
    room.release(delivered);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stops receiving; what is in flight is still finished. Idempotent; does not block. */
  public void requestStop() {
    receiving = false;
    stopRequested.countDown();
  }

  /**
   * Waits until the pipeline stops receiving of its own accord (drained, or failed) or {@link
   * #requestStop()} is called.
   */
  public void awaitStopRequested() throws InterruptedException {
    stopRequested.await();
  }

  /** As {@link #awaitStopRequested()}, for at most {@code timeout}; true when it happened. */
  public boolean awaitStopRequested(Duration timeout) throws InterruptedException {
    return stopRequested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The pipeline's health now. {@link PipelineStatus#retrying()} names an operation while any thread
   * still retries it.
   */
  public PipelineStatus status() {
    PipelineStatus.State state;
    if (failure.get() != null) {
      state = PipelineStatus.State.FAILED;
    } else if (stopped) {
      state = PipelineStatus.State.STOPPED;
    } else if (!receiving) {
      state = PipelineStatus.State.DRAINING;
    } else {
      state = PipelineStatus.State.RUNNING;
    }
    return new PipelineStatus(state, inFlight.get(), receiving ? active.active() : 0, retries.names());
  }

  /** The counts so far. */
  public PipelineSummary summary() {
    return counters.summary(failure.get());
  }

  /**
   * Stops receiving, finishes, commits and acknowledges what is in flight, and releases the threads.
   * After a failure, nothing uncommitted is acknowledged. Idempotent: later calls return the same
   * summary. Blocks; never call it from a listener.
   *
   * @return what the run did, with its failure if one stopped it
   */
  public PipelineSummary stop() {
    synchronized (closeLock) {
      if (summary != null) {
        return summary;
      }
      requestStop();
      active.close();
      boolean interrupted = false;
      try {
        shutDown(receivers, settings.shutdownTimeout());
        shutDown(writers, settings.shutdownTimeout().plus(settings.outageLimit()));
      } catch (InterruptedException e) {
        interrupted = true;
        receivers.shutdownNow();
        writers.shutdownNow();
      } finally {
        extender.close();
      }
      stopped = true;
      summary = summary();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return summary;
    }
  }

  /** As {@link #stop()}, for try-with-resources. */
  @Override
  public void close() {
    stop();
  }

  /** Shuts {@code executor} down, waiting {@code timeout} for its tasks to end before interrupting them. */
  private static void shutDown(ExecutorService executor, Duration timeout) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void fail(EtlException e) {
    boolean first = failure.compareAndSet(null, e);
    if (first) {
      LOG.log(Level.ERROR, "pipeline stopped: {0}", e.getMessage());
    }
    requestStop();
    if (first) {
      listener.failed(e);
    }
  }

  private static EtlException asEtl(String operation, RuntimeException e) {
    return e instanceof EtlException etl
        ? etl
        : new EtlException("unexpected failure while trying to " + operation, e);
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
