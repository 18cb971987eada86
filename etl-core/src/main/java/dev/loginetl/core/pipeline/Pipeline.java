package dev.loginetl.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.core.transform.Transform;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Moves messages from a {@link MessageSource} to a {@link LoginSink}, through a {@link Transform},
 * without losing or duplicating any.
 *
 * <p><b>How it works.</b> Receiver threads take messages from the source and transform them;
 * writer threads gather the outcomes into batches, closed when full or when the linger time has
 * passed since their first message, and write each batch to the sink in one call. Only once the sink
 * has committed a batch are its messages acknowledged (deleted from the source). At most {@code
 * maxInFlight} messages are held between receipt and acknowledgement; receivers wait for room
 * rather than buffer, so memory stays flat whatever the queue holds.
 *
 * <p><b>Guarantees.</b>
 *
 * <ul>
 *   <li>A message is acknowledged only after its row or rejection is committed.
 *   <li>A message delivered twice, in one batch or in two, is written once: the pipeline keeps one
 *       copy per batch, and the sink is idempotent by message id across batches.
 *   <li>A retryable failure is retried with exponential backoff until it has lasted longer than the
 *       outage limit; then, or on any other failure, the pipeline stops, acknowledging nothing it
 *       has not committed, and the source delivers those messages again later.
 *   <li>Messages still in work after half their visibility timeout get it extended.
 * </ul>
 *
 * <p><b>Lifecycle.</b> {@link Builder#start()} starts the threads. The pipeline then runs until
 * {@link #requestStop()}, a failure, or (with {@link Builder#stopWhenEmpty}) an empty receive with
 * nothing in flight. {@link #stop()} (or {@link #close()}) stops receiving, finishes, commits and
 * acknowledges what is in flight, releases the threads, and returns the summary; it does not close the source or sink,
 * which belong to the caller.
 *
 * <p>Thread-safe.
 */
public final class Pipeline implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
  private static final long IDLE_POLL_MILLIS = 50;

  private final MessageSource source;
  private final LoginSink sink;
  private final Transform transform;
  private final Builder settings;
  private final PipelineListener listener;

  private final Semaphore room;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LinkedBlockingQueue<Work> ready = new LinkedBlockingQueue<>();
  private final Set<Work> inWork = ConcurrentHashMap.newKeySet();
  private final Set<String> retrying = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch receiversDone;
  private final AtomicReference<EtlException> failure = new AtomicReference<>();
  private volatile boolean receiving = true;

  private final ExecutorService receivers;
  private final ExecutorService writers;
  private final ScheduledExecutorService extender;
  private final Object closeLock = new Object();
  private PipelineSummary summary;
  private volatile boolean stopped;

  private final LongAdder received = new LongAdder();
  private final LongAdder loaded = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder ignoredFields = new LongAdder();
  private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

  /** One delivered message on its way through the pipeline. Identity matters: no equals. */
  private static final class Work {
    final ReceivedMessage message;
    final Outcome outcome;
    volatile long lastHiddenNanos;

    Work(ReceivedMessage message, Outcome outcome, long receivedNanos) {
      this.message = message;
      this.outcome = outcome;
      this.lastHiddenNanos = receivedNanos;
    }
  }

  private Pipeline(Builder settings) {
    this.settings = settings;
    this.source = settings.source;
    this.sink = settings.sink;
    this.transform = settings.transform;
    this.listener = new SafeListener(settings.listener);
    this.room = new Semaphore(settings.maxInFlight);
    this.receiversDone = new CountDownLatch(settings.receivers);
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, new LongAdder());
    }
    this.receivers = Executors.newFixedThreadPool(settings.receivers, named("loginetl-receiver"));
    this.writers = Executors.newFixedThreadPool(settings.writers, named("loginetl-writer"));
    this.extender = Executors.newSingleThreadScheduledExecutor(named("loginetl-visibility"));
  }

  /** A builder for a pipeline from {@code source} through {@code transform} to {@code sink}. */
  public static Builder builder(MessageSource source, LoginSink sink, Transform transform) {
    return new Builder(source, sink, transform);
  }

  private void startThreads() {
    for (int i = 0; i < settings.receivers; i++) {
      receivers.execute(this::receiveLoop);
    }
    for (int i = 0; i < settings.writers; i++) {
      writers.execute(this::writeLoop);
    }
    long period = Math.max(50, source.visibilityTimeout().toMillis() / 10);
    extender.scheduleWithFixedDelay(this::extendDueMessages, period, period, TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- receiving

  private void receiveLoop() {
    Retrier retrier = retrier();
    int want = Math.min(source.maxReceiveBatch(), settings.maxInFlight);
    try {
      while (receiving) {
        if (!room.tryAcquire(want, IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          continue;
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
        if (messages.isEmpty()) {
          if (settings.stopWhenEmpty && inFlight.get() == 0) {
            requestStop();
          }
          continue;
        }
        inFlight.addAndGet(messages.size());
        received.add(messages.size());
        listener.received(messages.size());
        long now = System.nanoTime();
        for (ReceivedMessage message : messages) {
          Work work = new Work(message, transform.transform(message), now);
          inWork.add(work);
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
    Retrier retrier = retrier();
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
        commitAndAcknowledge(batch, retrier);
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
    List<Work> batch = new ArrayList<>(settings.batchSize);
    batch.add(first);
    long deadline = System.nanoTime() + settings.linger.toNanos();
    while (batch.size() < settings.batchSize) {
      ready.drainTo(batch, settings.batchSize - batch.size());
      long remaining = deadline - System.nanoTime();
      if (batch.size() >= settings.batchSize || remaining <= 0) {
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

  private void commitAndAcknowledge(List<Work> batch, Retrier retrier) throws InterruptedException {
    Map<String, Work> firstCopies = new LinkedHashMap<>();
    List<LoginRow> rows = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    int copies = 0;
    for (Work work : batch) {
      if (firstCopies.putIfAbsent(work.outcome.messageId(), work) != null) {
        copies++;
        continue;
      }
      if (work.outcome instanceof Outcome.Parsed parsed) {
        rows.add(parsed.row());
      } else {
        rejections.add(((Outcome.Rejected) work.outcome).rejection());
      }
    }

    long start = System.nanoTime();
    WriteResult result =
        retrier.call("write to the sink", () -> sink.write(rows, rejections), () -> failure.get() == null);
    Duration commitDuration = Duration.ofNanos(System.nanoTime() - start);
    report(firstCopies, result, copies, commitDuration);

    List<ReceivedMessage> messages = new ArrayList<>(batch.size());
    for (Work work : batch) {
      messages.add(work.message);
    }
    retrier.call(
        "acknowledge to the queue",
        () -> {
          source.acknowledge(messages);
          return null;
        },
        () -> failure.get() == null);
    acknowledged.add(messages.size());
    listener.acknowledged(messages.size());
    for (Work work : batch) {
      inWork.remove(work);
    }
    inFlight.addAndGet(-batch.size());
    room.release(batch.size());
  }

  private void report(
      Map<String, Work> firstCopies, WriteResult result, int copies, Duration commitDuration) {
    Set<String> present = result.alreadyPresent();
    Set<String> refused = new HashSet<>();
    Map<RejectReason, Integer> rejectedNow = new EnumMap<>(RejectReason.class);
    List<RejectedMessage> newlyRejected = new ArrayList<>();
    for (Rejection rejection : result.refused()) {
      refused.add(rejection.messageId());
      rejectedNow.merge(rejection.reason(), 1, Integer::sum);
      Work work = firstCopies.get(rejection.messageId());
      if (work != null) {
        newlyRejected.add(new RejectedMessage(work.message, rejection));
      }
    }
    int loadedNow = 0;
    int ignoredNow = 0;
    List<Instant> sent = new ArrayList<>();
    for (Work work : firstCopies.values()) {
      String id = work.outcome.messageId();
      if (present.contains(id) || refused.contains(id)) {
        continue;
      }
      if (work.outcome instanceof Outcome.Parsed parsed) {
        loadedNow++;
        ignoredNow += parsed.ignoredFields();
      } else {
        Rejection rejection = ((Outcome.Rejected) work.outcome).rejection();
        rejectedNow.merge(rejection.reason(), 1, Integer::sum);
        newlyRejected.add(new RejectedMessage(work.message, rejection));
      }
      if (work.message.sentTimestamp() != null) {
        sent.add(work.message.sentTimestamp());
      }
    }
    int duplicatesNow = present.size() + copies;
    loaded.add(loadedNow);
    ignoredFields.add(ignoredNow);
    duplicates.add(duplicatesNow);
    rejectedNow.forEach((reason, count) -> rejected.get(reason).add(count));
    listener.committed(
        new BatchReport(
            loadedNow, rejectedNow, duplicatesNow, ignoredNow, commitDuration, sent, settings.clock.instant()));
    if (!newlyRejected.isEmpty()) {
      listener.rejectionsCommitted(newlyRejected);
    }
  }

  // ---------------------------------------------------------------- visibility

  private void extendDueMessages() {
    if (failure.get() != null) {
      return; // what failed will not be committed: let the queue have it back
    }
    long now = System.nanoTime();
    long half = source.visibilityTimeout().toNanos() / 2;
    List<Work> due = new ArrayList<>();
    for (Work work : inWork) {
      if (now - work.lastHiddenNanos >= half) {
        due.add(work);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    List<ReceivedMessage> messages = new ArrayList<>(due.size());
    for (Work work : due) {
      messages.add(work.message);
    }
    try {
      source.extendVisibility(messages);
      for (Work work : due) {
        work.lastHiddenNanos = now;
      }
      listener.extended(messages.size());
    } catch (RuntimeException e) {
      // Safe to skip: a message that reappears is recognised by the sink as a duplicate.
      LOG.log(Level.WARNING, "could not extend the visibility of {0} messages: {1}", messages.size(), e.getMessage());
    }
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

  /** The pipeline's health now. */
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
    return new PipelineStatus(state, inFlight.get(), retrying);
  }

  /** The counts so far. */
  public PipelineSummary summary() {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    rejected.forEach((reason, count) -> {
      long value = count.sum();
      if (value > 0) {
        byReason.put(reason, value);
      }
    });
    return new PipelineSummary(
        received.sum(), loaded.sum(), byReason, duplicates.sum(), acknowledged.sum(), ignoredFields.sum(), failure.get());
  }

  /**
   * Stops receiving, finishes, commits and acknowledges what is in flight, and releases the threads.
   * After a failure, nothing uncommitted is acknowledged. Idempotent: later calls return the same
   * summary.
   *
   * @return what the run did, with its failure if one stopped it
   */
  public PipelineSummary stop() {
    synchronized (closeLock) {
      if (summary != null) {
        return summary;
      }
      requestStop();
      boolean interrupted = false;
      try {
        shutDown(receivers, settings.shutdownTimeout);
        shutDown(writers, settings.shutdownTimeout.plus(settings.outageLimit));
      } catch (InterruptedException e) {
        interrupted = true;
        receivers.shutdownNow();
        writers.shutdownNow();
      } finally {
        extender.shutdownNow();
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

  private static void shutDown(ExecutorService executor, Duration timeout) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void fail(EtlException e) {
    if (failure.compareAndSet(null, e)) {
      LOG.log(Level.ERROR, "pipeline stopped: {0}", e.getMessage());
    }
    requestStop();
  }

  private Retrier retrier() {
    return new Retrier(
        settings.initialRetryDelay,
        settings.maxRetryDelay,
        settings.outageLimit,
        new Retrier.RetryObserver() {
          @Override
          public void retrying(String operation, EtlException cause, Duration delay) {
            retrying.add(operation);
            LOG.log(Level.WARNING, "could not {0}, retrying in {1} ms: {2}", operation, delay.toMillis(), cause.getMessage());
            listener.retrying(operation, cause, delay);
          }

          @Override
          public void settled(String operation, boolean succeeded) {
            retrying.remove(operation);
            if (succeeded) {
              LOG.log(Level.INFO, "{0}: working again", operation);
              listener.recovered(operation);
            }
          }
        });
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

  /** Guards the pipeline against a listener that throws. */
  private static final class SafeListener implements PipelineListener {
    private final PipelineListener delegate;

    SafeListener(PipelineListener delegate) {
      this.delegate = delegate;
    }

    private static void guard(Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a pipeline listener failed: {0}", e.toString());
      }
    }

    @Override
    public void received(int messages) {
      guard(() -> delegate.received(messages));
    }

    @Override
    public void committed(BatchReport report) {
      guard(() -> delegate.committed(report));
    }

    @Override
    public void rejectionsCommitted(List<RejectedMessage> rejected) {
      guard(() -> delegate.rejectionsCommitted(rejected));
    }

    @Override
    public void acknowledged(int messages) {
      guard(() -> delegate.acknowledged(messages));
    }

    @Override
    public void extended(int messages) {
      guard(() -> delegate.extended(messages));
    }

    @Override
    public void retrying(String operation, EtlException cause, Duration delay) {
      guard(() -> delegate.retrying(operation, cause, delay));
    }

    @Override
    public void recovered(String operation) {
      guard(() -> delegate.recovered(operation));
    }
  }

  /**
   * Settings of a pipeline, with defaults suited to SQS and PostgreSQL on a small machine.
   * Not thread-safe; {@link #start()} copies nothing, so do not change a builder after starting.
   */
  public static final class Builder {
    private final MessageSource source;
    private final LoginSink sink;
    private final Transform transform;
    private int receivers = 4;
    private int writers = 4;
    private int batchSize = 500;
    private Duration linger = Duration.ofMillis(100);
    private int maxInFlight = 5_000;
    private Duration initialRetryDelay = Duration.ofMillis(100);
    private Duration maxRetryDelay = Duration.ofSeconds(5);
    private Duration outageLimit = Duration.ofMinutes(5);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean stopWhenEmpty;
    private PipelineListener listener = PipelineListener.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder(MessageSource source, LoginSink sink, Transform transform) {
      this.source = requireNonNull(source, "source");
      this.sink = requireNonNull(sink, "sink");
      this.transform = requireNonNull(transform, "transform");
    }

    /** Threads receiving from the source in parallel (default 4). */
    public Builder receivers(int receivers) {
      this.receivers = positive("receivers", receivers);
      return this;
    }

    /** Threads writing batches to the sink in parallel (default 4: each also waits for its acknowledgement). */
    public Builder writers(int writers) {
      this.writers = positive("writers", writers);
      return this;
    }

    /** The most messages in one batch (default 500). */
    public Builder batchSize(int batchSize) {
      this.batchSize = positive("batchSize", batchSize);
      return this;
    }

    /** How long a batch waits to fill after its first message (default 100 ms). */
    public Builder linger(Duration linger) {
      this.linger = requireNonNull(linger, "linger");
      return this;
    }

    /** The most messages held between receipt and acknowledgement (default 5,000). */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = positive("maxInFlight", maxInFlight);
      return this;
    }

    /** The first and the longest wait between retries (defaults 100 ms and 5 s). */
    public Builder retryDelays(Duration initial, Duration max) {
      this.initialRetryDelay = requireNonNull(initial, "initial");
      this.maxRetryDelay = requireNonNull(max, "max");
      return this;
    }

    /** How long a call may keep failing before the pipeline gives up (default 5 minutes). */
    public Builder outageLimit(Duration outageLimit) {
      this.outageLimit = requireNonNull(outageLimit, "outageLimit");
      return this;
    }

    /** How long {@link Pipeline#stop()} waits for receivers to return (default 30 s). */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = requireNonNull(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    /** Stop receiving once a receive comes back empty with nothing in flight (default false). */
    public Builder stopWhenEmpty(boolean stopWhenEmpty) {
      this.stopWhenEmpty = stopWhenEmpty;
      return this;
    }

    /** Who is told of progress (default nobody). */
    public Builder listener(PipelineListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /** The clock that stamps commits (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Starts a pipeline with these settings. */
    public Pipeline start() {
      Pipeline pipeline = new Pipeline(this);
      pipeline.startThreads();
      return pipeline;
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
