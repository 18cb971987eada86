package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.Forwarded;
import dev.loginetl.core.port.RejectionForwarder;
import dev.loginetl.sqs.internal.BatchRetry;
import dev.loginetl.sqs.internal.SqsConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A {@link RejectionForwarder} to an SQS dead-letter queue, standard or FIFO, through {@link
 * SqsSender}: each rejected message's body byte for byte, with its {@link DeadLetterAttributes} as
 * {@code String} message attributes.
 *
 * <p><b>FIFO.</b> On a FIFO dead-letter queue (its name ends in {@code .fifo}) each message keeps
 * the {@code MessageGroupId} it had on a FIFO source queue; from a standard one, its group is its
 * idempotency key (stable: a message forwarded twice lands in the same group). Its {@code
 * MessageDeduplicationId} is derived from the delivery being forwarded (a SHA-256 of its receipt
 * handle), so a retried call within SQS's five-minute window stores nothing twice, while a message
 * rejected again after a redrive, which is a new delivery, is never mistaken for a copy and dropped
 * (SQS gives a redriven message a new id; ElasticMQ keeps the old one, so neither the message id nor
 * the idempotency key would be safe).
 *
 * <p><b>A message the queue refuses</b> (larger than its {@code MaximumMessageSize} once the
 * attributes are added: SQS counts each attribute's name, type and value) is sent again with its
 * idempotency key ({@value DeadLetterAttributes#MESSAGE_ID}) as its only attribute, which is what a
 * replay needs to be stored once. Refused again (the body alone is at the limit), it is returned as
 * {@link Forwarded#unkept() unkept} with SQS's code, and logged with its key and the code: the
 * pipeline leaves it on the source queue, whose redrive policy can move it. For {@link
 * #REFUSED_MEMORY} after that, each new delivery of the same key is answered from memory without a
 * call.
 *
 * <p><b>Errors:</b> as {@link SqsSender}: {@link dev.loginetl.core.RetryableEtlException} when a
 * retry may help; {@link EtlException} when the queue is missing or access is denied: the pipeline
 * then stops, and the message stays on the source queue. No message names a body or an attribute
 * value.
 *
 * <p><b>Thread-safety and lifecycle:</b> safe for concurrent use. {@link #open} checks that the
 * queue exists; {@link #close()} closes the client and is idempotent. IAM: {@code sqs:SendMessage}
 * and {@code sqs:GetQueueAttributes} on the dead-letter queue ({@code sqs:GetQueueUrl} when it is
 * given by name).
 */
public final class SqsRejectionForwarder implements RejectionForwarder {
  private static final Logger log = LoggerFactory.getLogger(SqsRejectionForwarder.class);
  /**
   * How long a message the queue refused even with its key alone is not sent again: each delivery of
   * it is answered from memory until then, and then tried again (the queue's limit may have been
   * raised meanwhile).
   */
  static final Duration REFUSED_MEMORY = Duration.ofMinutes(15);
  private static final int MAX_REMEMBERED = 1_000;

  private final SqsConnection connection;
  private final SqsSender sender;
  private final String loaderVersion;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Messages the queue refused even with their key alone, by idempotency key. */
  private final Map<String, Refusal> refusedRecently = new ConcurrentHashMap<>();

  private SqsRejectionForwarder(SqsConnection connection, SqsSender sender, String loaderVersion) {
    this.connection = connection;
    this.sender = sender;
    this.loaderVersion = loaderVersion;
  }

  /**
   * A forwarder to {@code queue} (its URL, or its name), writing {@code loaderVersion} into every
   * message's {@value DeadLetterAttributes#VERSION} attribute.
   *
   * @throws EtlException when the queue cannot be reached or does not exist, with one sentence
   */
  public static SqsRejectionForwarder open(SqsClientConfig config, String queue, String loaderVersion) {
    requireNonNull(config, "config");
    requireNonNull(queue, "queue");
    requireNonNull(loaderVersion, "loaderVersion");
    SqsConnection connection = SqsConnection.open(config);
    try {
      String url = SqsQueues.resolveUrl(connection, queue);
      SqsQueues.attributes(connection, url, QueueAttributeName.QUEUE_ARN); // it exists, and answers
      SqsSender sender = new SqsSender(connection, url, BatchRetry.DEFAULT);
      log.info("forwarding rejected messages to the {}dead-letter queue '{}'",
          sender.isFifo() ? "FIFO " : "", SqsQueues.nameOf(url));
      return new SqsRejectionForwarder(connection, sender, loaderVersion);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The dead-letter queue's URL. */
  public String queueUrl() {
    return sender.queueUrl();
  }

  @Override
  public Forwarded forward(List<RejectedMessage> rejected) {
    requireNonNull(rejected, "rejected");
    if (rejected.isEmpty()) {
      return Forwarded.all();
    }
    if (closed.get()) {
      throw new EtlException("The dead-letter queue forwarder is closed.");
    }
    List<SqsSender.Outgoing> messages = new ArrayList<>(rejected.size());
    for (RejectedMessage message : rejected) {
      messages.add(new SqsSender.Outgoing(
          message.message().body(),
          DeadLetterAttributes.of(message, loaderVersion),
          groupOf(message),
          deduplicationIdOf(message.message())));
    }
    long now = System.nanoTime();
    List<Forwarded.Unkept> unkept = new ArrayList<>();
    List<Integer> toSend = new ArrayList<>(rejected.size());
    for (int i = 0; i < rejected.size(); i++) {
      String code = recentlyRefused(rejected.get(i).rejection().messageId(), now);
      if (code != null) {
        unkept.add(new Forwarded.Unkept(rejected.get(i), code));
      } else {
        toSend.add(i);
      }
    }
    List<SqsSender.Refused> refused = sender.sendMessages(toSend.stream().map(messages::get).toList()).refused();
    if (!refused.isEmpty()) {
      // SQS counts attribute names, types and values in its size limit: the key alone may still fit,
      // and is what a replay needs to be stored once.
      List<Integer> again = new ArrayList<>();
      for (SqsSender.Refused r : refused) {
        again.add(toSend.get(r.index()));
      }
      List<SqsSender.Refused> stillRefused = sender.sendMessages(again.stream().map(i -> keyOnly(messages.get(i),
          rejected.get(i))).toList()).refused();
      for (SqsSender.Refused r : stillRefused) {
        RejectedMessage message = rejected.get(again.get(r.index()));
        remember(message.rejection().messageId(), r.code(), now);
        unkept.add(new Forwarded.Unkept(message, r.code()));
        log.warn("The dead-letter queue '{}' refused rejected message {} ({}), with its attributes and with its key"
                + " alone; it stays on the source queue, where its redrive policy can move it; not forwarded again"
                + " for {} minutes", SqsQueues.nameOf(sender.queueUrl()), message.rejection().messageId(), r.code(),
            REFUSED_MEMORY.toMinutes());
      }
      if (stillRefused.size() < refused.size()) {
        log.info("forwarded {} rejected messages with their key alone: with every attribute they were too large",
            refused.size() - stillRefused.size());
      }
    }
    return new Forwarded(unkept);
  }

  /** The message with its idempotency key as its only attribute. */
  private static SqsSender.Outgoing keyOnly(SqsSender.Outgoing full, RejectedMessage message) {
    return new SqsSender.Outgoing(full.body(), Map.of(DeadLetterAttributes.MESSAGE_ID,
        message.rejection().messageId()), full.groupId(), full.deduplicationId());
  }

  /** The code the queue refused {@code messageId} with within {@link #REFUSED_MEMORY}, else null. */
  private String recentlyRefused(String messageId, long now) {
    Refusal refusal = refusedRecently.get(messageId);
    if (refusal == null) {
      return null;
    }
    if (now - refusal.atNanos() > REFUSED_MEMORY.toNanos()) {
      refusedRecently.remove(messageId, refusal);
      return null;
    }
    return refusal.code();
  }

  private void remember(String messageId, String code, long now) {
    if (refusedRecently.size() >= MAX_REMEMBERED) {
      refusedRecently.entrySet().removeIf(e -> now - e.getValue().atNanos() > REFUSED_MEMORY.toNanos());
      if (refusedRecently.size() >= MAX_REMEMBERED) {
        return; // sent again next time: costs a call, loses nothing
      }
    }
    refusedRecently.put(messageId, new Refusal(code, now));
  }

  /** A refusal by the queue: its code, and when (System.nanoTime). */
  private record Refusal(String code, long atNanos) {}

  /** The message's FIFO group: its own, from a FIFO source; else its idempotency key, made safe. */
  static String groupOf(RejectedMessage message) {
    String group = message.message().attributes().get(ReceivedMessage.GROUP_ID);
    if (group != null && isSqsToken(group)) {
      return group;
    }
    String key = message.rejection().messageId();
    return isSqsToken(key) ? key : sha256(key);
  }

  /** One per delivery: the same for every retry of this forward, new when the message comes back. */
  static String deduplicationIdOf(ReceivedMessage message) {
    return message.handle() instanceof String receiptHandle
        ? sha256("delivery:" + receiptHandle)
        : sha256("message:" + message.messageId() + ":" + message.receiveCount());
  }

  /** What SQS takes as a group or deduplication id: 1 to 128 printable ASCII characters. */
  private static boolean isSqsToken(String value) {
    if (value.isEmpty() || value.length() > 128) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
    }
  }

  @Override
  public String toString() {
    return "SqsRejectionForwarder[queue=" + SqsQueues.nameOf(sender.queueUrl()) + "]";
  }
}
