package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.RejectionForwarder;
import dev.loginetl.sqs.internal.BatchRetry;
import dev.loginetl.sqs.internal.SqsConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
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
 * <p><b>Errors:</b> as {@link SqsSender}: {@link dev.loginetl.core.RetryableEtlException} when a
 * retry may help; {@link EtlException} when the queue is missing, access is denied, or the queue
 * refuses a message (e.g. larger than its {@code MaximumMessageSize} with the attributes, or a FIFO
 * queue given to a source that is not): the pipeline then stops, and the message stays on the
 * source queue. No message names a body or an attribute value.
 *
 * <p><b>Thread-safety and lifecycle:</b> safe for concurrent use. {@link #open} checks that the
 * queue exists; {@link #close()} closes the client and is idempotent. IAM: {@code sqs:SendMessage}
 * and {@code sqs:GetQueueAttributes} on the dead-letter queue ({@code sqs:GetQueueUrl} when it is
 * given by name).
 */
public final class SqsRejectionForwarder implements RejectionForwarder {
  private static final Logger log = LoggerFactory.getLogger(SqsRejectionForwarder.class);

  private final SqsConnection connection;
  private final SqsSender sender;
  private final String loaderVersion;
  private final AtomicBoolean closed = new AtomicBoolean();

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
  public void forward(List<RejectedMessage> rejected) {
    requireNonNull(rejected, "rejected");
    if (rejected.isEmpty()) {
      return;
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
    SqsSender.Result result = sender.sendMessages(messages);
    if (!result.refused().isEmpty()) {
      TreeSet<String> codes = new TreeSet<>();
      result.refused().forEach(r -> codes.add(r.code()));
      throw new EtlException("The dead-letter queue '" + SqsQueues.nameOf(sender.queueUrl()) + "' refused "
          + result.refused().size() + " of " + messages.size() + " rejected messages " + codes
          + "; they stay on the source queue. Check that the dead-letter queue is of the source's kind"
          + " (standard or FIFO) and takes messages of the source's size with five attributes.");
    }
  }

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
