package dev.loginetl.testkit;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.Forwarded;
import dev.loginetl.core.port.RejectionForwarder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An in-memory dead-letter queue that keeps the {@link RejectionForwarder} contract and can fail on
 * purpose: the next few calls, or at random, retryably before storing, retryably after storing (the
 * caller cannot tell it worked), or fatally. {@link #redriveTo} sends what it holds back to an
 * {@link InMemoryQueue} with its attributes, as SQS's redrive or {@code loginetl redrive} does.
 *
 * <p>Thread-safe.
 */
public final class InMemoryDeadLetters implements RejectionForwarder {
  /** The code of a message refused by {@link #refuseBodiesLongerThan}. */
  public static final String TOO_LARGE = "TooLarge";

  /** Random faults; all probabilities in [0, 1]. */
  public record Faults(long seed, double retryableBefore, double retryableAfter, double fatal) {
    public static Faults none() {
      return new Faults(0, 0, 0, 0);
    }
  }

  /**
   * A forwarded message as the dead-letter queue holds it.
   *
   * @param body the original body, personal data included: {@link #toString()} does not print it
   * @param attributes its {@link DeadLetterAttributes}
   */
  public record Letter(String body, Map<String, String> attributes) {
    public Letter {
      requireNonNull(body, "body");
      attributes = Map.copyOf(attributes);
    }

    /** The idempotency key it was rejected under. */
    public String key() {
      return attributes.get(DeadLetterAttributes.MESSAGE_ID);
    }

    @Override
    public String toString() {
      return "Letter[bodyLength=" + body.length() + ", attributes=" + attributes + "]";
    }
  }

  private final String loaderVersion;
  private final Faults faults;
  private final Random random;
  private final List<Letter> letters = new ArrayList<>();
  private int maxBodyChars = Integer.MAX_VALUE;
  private int failNext;
  private boolean failNextFatally;
  private long calls;
  private boolean closed;

  /** @param loaderVersion the {@value DeadLetterAttributes#VERSION} attribute of every letter */
  public InMemoryDeadLetters(String loaderVersion, Faults faults) {
    this.loaderVersion = requireNonNull(loaderVersion, "loaderVersion");
    this.faults = requireNonNull(faults, "faults");
    this.random = new Random(faults.seed());
  }

  public InMemoryDeadLetters(String loaderVersion) {
    this(loaderVersion, Faults.none());
  }

  /** The next {@code count} calls fail before storing anything: retryably, or fatally. */
  public synchronized void failNext(int count, boolean fatally) {
    this.failNext = count;
    this.failNextFatally = fatally;
  }

  /**
   * From now on, refuses a message whose body is longer than {@code chars} characters, as a queue
   * refuses one over its size limit: it is returned as unkept with code {@value #TOO_LARGE}.
   */
  public synchronized void refuseBodiesLongerThan(int chars) {
    this.maxBodyChars = chars;
  }

  @Override
  public synchronized Forwarded forward(List<RejectedMessage> rejected) {
    requireNonNull(rejected, "rejected");
    calls++;
    if (closed) {
      throw new EtlException("the dead-letter queue is closed");
    }
    if (failNext > 0) {
      failNext--;
      throw failNextFatally
          ? new EtlException("injected fatal forward failure")
          : new RetryableEtlException("injected forward failure");
    }
    if (random.nextDouble() < faults.fatal()) {
      throw new EtlException("injected fatal forward failure");
    }
    if (random.nextDouble() < faults.retryableBefore()) {
      throw new RetryableEtlException("injected forward failure before storing");
    }
    List<Forwarded.Unkept> unkept = new ArrayList<>();
    for (RejectedMessage message : rejected) {
      if (message.message().body().length() > maxBodyChars) {
        unkept.add(new Forwarded.Unkept(message, TOO_LARGE));
      } else {
        letters.add(new Letter(message.message().body(), DeadLetterAttributes.of(message, loaderVersion)));
      }
    }
    if (!rejected.isEmpty() && random.nextDouble() < faults.retryableAfter()) {
      throw new RetryableEtlException("injected forward failure after storing");
    }
    return new Forwarded(unkept);
  }

  /** What it holds, in the order stored; copies included. */
  public synchronized List<Letter> letters() {
    return List.copyOf(letters);
  }

  /** The idempotency keys of what it holds. */
  public synchronized Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    letters.forEach(letter -> keys.add(letter.key()));
    return keys;
  }

  /** Whether it holds a message rejected under {@code key}. */
  public synchronized boolean holds(String key) {
    return letters.stream().anyMatch(letter -> key.equals(letter.key()));
  }

  /** How many times {@link #forward} was called, failed calls included. */
  public synchronized long calls() {
    return calls;
  }

  /**
   * Sends every letter back to {@code queue}, body and attributes, as new messages, and forgets it;
   * returns how many.
   */
  public synchronized int redriveTo(InMemoryQueue queue) {
    for (Letter letter : letters) {
      queue.send(letter.body(), letter.attributes());
    }
    int moved = letters.size();
    letters.clear();
    return moved;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
