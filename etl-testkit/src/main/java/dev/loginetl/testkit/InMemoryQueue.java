package dev.loginetl.testkit;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.MessageSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An in-memory queue with SQS's delivery semantics: visibility timeouts, receipt handles (only the
 * latest delivery of a message deletes it), receive counts. It can inject faults at random and
 * checks its consumer: acknowledging a message that is not yet committed, or holding more
 * deliveries than allowed, is recorded as a violation.
 *
 * <p>Thread-safe.
 */
public final class InMemoryQueue implements MessageSource {

  /** Random faults; all probabilities in [0, 1]. */
  public record Faults(
      long seed,
      double receiveFailure,
      double acknowledgeFailure,
      double extendFailure,
      Duration maxReceiveDelay) {
    public static Faults none() {
      return new Faults(0, 0, 0, 0, Duration.ZERO);
    }
  }

  private record Handle(String messageId, long delivery) {}

  private static final class Entry {
    final String id;
    final String body;
    final Instant sent;
    final Map<String, String> attributes;
    int receiveCount;
    long visibleAtNanos;
    long currentDelivery = -1;

    Entry(String id, String body, Instant sent, Map<String, String> attributes) {
      this.id = id;
      this.body = body;
      this.sent = sent;
      this.attributes = Map.copyOf(attributes);
    }
  }

  private final Duration visibilityTimeout;
  private final Duration emptyWait;
  private final Faults faults;
  private final Random random;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Set<Long> outstanding = new HashSet<>();
  private final List<String> violations = new ArrayList<>();
  private Predicate<ReceivedMessage> committed = message -> true;
  private int maxOutstanding;
  private long deliveries;
  private long nextId;
  private long nextDelivery;
  private boolean closed;

  public InMemoryQueue(Duration visibilityTimeout, Duration emptyWait, Faults faults) {
    this.visibilityTimeout = visibilityTimeout;
    this.emptyWait = emptyWait;
    this.faults = faults;
    this.random = new Random(faults.seed());
  }

  public InMemoryQueue(Duration visibilityTimeout) {
    this(visibilityTimeout, Duration.ofMillis(50), Faults.none());
  }

  /** Puts messages on the queue, sent now; returns their ids. */
  public synchronized List<String> send(List<String> bodies) {
    List<String> ids = new ArrayList<>();
    for (String body : bodies) {
      ids.add(send(body, Map.of()));
    }
    return ids;
  }

  /**
   * Puts a message on the queue, sent now, with attributes its deliveries carry ({@link
   * ReceivedMessage#attributes()}), as a message sent back from a dead-letter queue carries its
   * {@link dev.loginetl.core.port.DeadLetterAttributes}; returns its id, a new one.
   */
  public synchronized String send(String body, Map<String, String> attributes) {
    String id = "msg-" + nextId++;
    entries.put(id, new Entry(id, body, Instant.now(), attributes));
    notifyAll();
    return id;
  }

  /**
   * Only messages whose id this predicate calls committed may be acknowledged; others are
   * violations.
   */
  public synchronized void requireCommittedBeforeAcknowledge(Predicate<String> committed) {
    this.committed = message -> committed.test(message.messageId());
  }

  /**
   * Only deliveries this predicate allows may be acknowledged (committed, say, and forwarded when
   * rejected); others are violations.
   */
  public synchronized void requireBeforeAcknowledge(Predicate<ReceivedMessage> allowed) {
    this.committed = allowed;
  }

  @Override
  public List<ReceivedMessage> receive(int maxMessages) {
    if (maxMessages < 1 || maxMessages > maxReceiveBatch()) {
      throw new IllegalArgumentException("maxMessages must be 1 to 10, was " + maxMessages);
    }
    sleepUpTo(faults.maxReceiveDelay());
    synchronized (this) {
      ensureOpen();
      if (random.nextDouble() < faults.receiveFailure()) {
        throw new RetryableEtlException("injected receive failure");
      }
      List<ReceivedMessage> out = take(maxMessages);
      if (out.isEmpty()) {
        waitQuietly(emptyWait.toMillis());
        out = take(maxMessages);
      }
      return out;
    }
  }

  private List<ReceivedMessage> take(int maxMessages) {
    long now = System.nanoTime();
    List<ReceivedMessage> out = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (out.size() == maxMessages) {
        break;
      }
      if (entry.visibleAtNanos - now <= 0) {
        entry.receiveCount++;
        entry.visibleAtNanos = now + visibilityTimeout.toNanos();
        entry.currentDelivery = nextDelivery++;
        deliveries++;
        outstanding.add(entry.currentDelivery);
        out.add(new ReceivedMessage(entry.id, entry.body, entry.sent, entry.receiveCount,
            new Handle(entry.id, entry.currentDelivery), entry.attributes));
      }
    }
    maxOutstanding = Math.max(maxOutstanding, outstanding.size());
    return out;
  }

  @Override
  public synchronized void acknowledge(List<ReceivedMessage> messages) {
    ensureOpen();
    if (!messages.isEmpty() && random.nextDouble() < faults.acknowledgeFailure()) {
      throw new RetryableEtlException("injected acknowledge failure");
    }
    for (ReceivedMessage message : messages) {
      Handle handle = (Handle) message.handle();
      if (!committed.test(message)) {
        violations.add("acknowledged " + handle.messageId() + " before it was committed");
      }
      outstanding.remove(handle.delivery());
      Entry entry = entries.get(handle.messageId());
      if (entry != null && entry.currentDelivery == handle.delivery()) {
        entries.remove(handle.messageId());
      }
    }
  }

  @Override
  public synchronized void extendVisibility(List<ReceivedMessage> messages) {
    ensureOpen();
    if (!messages.isEmpty() && random.nextDouble() < faults.extendFailure()) {
      throw new RetryableEtlException("injected visibility failure");
    }
    long visibleAt = System.nanoTime() + visibilityTimeout.toNanos();
    for (ReceivedMessage message : messages) {
      Handle handle = (Handle) message.handle();
      Entry entry = entries.get(handle.messageId());
      if (entry != null && entry.currentDelivery == handle.delivery()) {
        entry.visibleAtNanos = visibleAt;
      }
    }
  }

  @Override
  public Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /** Opens the queue again for a new consumer, as a restarted process would see it. */
  public synchronized InMemoryQueue reopen() {
    closed = false;
    outstanding.clear();
    return this;
  }

  /** How many messages are on the queue, visible or not. */
  public synchronized int size() {
    return entries.size();
  }

  /** Ids of the messages still on the queue. */
  public synchronized Set<String> remainingIds() {
    return new HashSet<>(entries.keySet());
  }

  /** How many deliveries were made in all. */
  public synchronized long deliveries() {
    return deliveries;
  }

  /** The most deliveries a consumer held unacknowledged at once since the last {@link #reopen}. */
  public synchronized int maxOutstanding() {
    return maxOutstanding;
  }

  /** Every breach of the consumer rules seen so far. */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  private void ensureOpen() {
    if (closed) {
      throw new EtlException("the queue is closed");
    }
  }

  private void waitQuietly(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleepUpTo(Duration max) {
    if (max.isZero()) {
      return;
    }
    long nanos;
    synchronized (this) {
      nanos = (long) (random.nextDouble() * max.toNanos());
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
