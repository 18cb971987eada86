package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.sqs.internal.BatchRetry;
import dev.loginetl.sqs.internal.SqsConnection;
import dev.loginetl.sqs.internal.SqsErrors;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Queue administration for the demo, health checks and tests: create queues (with a dead-letter
 * queue), read their approximate depth, delete them, and hand out {@link SqsSender}s.
 *
 * <p>Thread-safe. {@link #close()} closes the client (and so every sender it handed out) and is
 * idempotent.
 *
 * <p><b>Errors:</b> as {@link SqsMessageSource}: {@link dev.loginetl.core.RetryableEtlException}
 * when a retry may help, {@link EtlException} otherwise, one sentence each.
 */
public final class SqsQueueAdmin implements AutoCloseable {

  /**
   * A queue and the dead-letter queue its redrive policy moves messages to.
   *
   * @param queueUrl the queue's URL
   * @param deadLetterQueueUrl the dead-letter queue's URL
   */
  public record QueueWithDeadLetters(String queueUrl, String deadLetterQueueUrl) {}

  private final SqsConnection connection;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqsQueueAdmin(SqsConnection connection) {
    this.connection = connection;
  }

  /**
   * Builds a client from {@code config}. Nothing is sent yet: the first call shows whether the
   * endpoint answers.
   */
  public static SqsQueueAdmin open(SqsClientConfig config) {
    return new SqsQueueAdmin(SqsConnection.open(requireNonNull(config, "config")));
  }

  /**
   * Creates a standard queue, or returns the URL of the existing one when its attributes match.
   *
   * @param name the queue name: letters, digits, {@code -} and {@code _}, at most 80
   * @param visibilityTimeout the queue's default visibility timeout, whole seconds up to 12 h
   * @return the queue's URL
   */
  public String createQueue(String name, Duration visibilityTimeout) {
    return create(name, attributes(visibilityTimeout));
  }

  /**
   * Creates a FIFO queue without content-based deduplication (senders give a deduplication id), or
   * returns the URL of the existing one when its attributes match.
   *
   * @param name the queue name, ending in {@code .fifo}
   * @return the queue's URL
   */
  public String createFifoQueue(String name, Duration visibilityTimeout) {
    if (!SqsQueues.isFifo(requireNonNull(name, "name"))) {
      throw new IllegalArgumentException("a FIFO queue's name must end in .fifo, was " + name);
    }
    Map<QueueAttributeName, String> attributes = attributes(visibilityTimeout);
    attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
    return create(name, attributes);
  }

  /** The ARN of the queue (name or URL). */
  public String queueArn(String queue) {
    return SqsQueues.arn(connection, queueUrl(queue));
  }

  /**
   * Creates a dead-letter queue, then a queue whose redrive policy moves a message to it once it
   * has been received {@code maxReceiveCount} times without being deleted.
   *
   * @param maxReceiveCount from 1 to 1000
   */
  public QueueWithDeadLetters createQueueWithDeadLetterQueue(
      String name, Duration visibilityTimeout, String deadLetterQueueName, int maxReceiveCount) {
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new IllegalArgumentException(
          "maxReceiveCount must be from 1 to 1000, was " + maxReceiveCount);
    }
    String deadLetterUrl = create(deadLetterQueueName, attributes(visibilityTimeout));
    String deadLetterArn =
        SqsQueues.attributes(connection, deadLetterUrl, QueueAttributeName.QUEUE_ARN).get("QueueArn");
    if (deadLetterArn == null) {
      throw new EtlException("SQS reported no ARN for the dead-letter queue '" + deadLetterQueueName
          + "', so no redrive policy can name it; use a server that supports redrive policies.");
    }
    Map<QueueAttributeName, String> attributes = attributes(visibilityTimeout);
    attributes.put(QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
            + maxReceiveCount + "\"}");
    return new QueueWithDeadLetters(create(name, attributes), deadLetterUrl);
  }

  /** The URL of {@code queue}: a URL already, or a name resolved with {@code GetQueueUrl}. */
  public String queueUrl(String queue) {
    return SqsQueues.resolveUrl(connection, requireNonNull(queue, "queue"));
  }

  /** The approximate counts of the queue's messages (name or URL); see {@link QueueDepth}. */
  public QueueDepth depth(String queue) {
    return SqsQueues.depth(connection, queueUrl(queue));
  }

  /** Deletes the queue (name or URL) and every message on it. */
  public void deleteQueue(String queue) {
    String url = queueUrl(queue);
    try {
      connection.client().deleteQueue(r -> r.queueUrl(url));
    } catch (SdkException e) {
      throw SqsErrors.translate(e, "delete", SqsQueues.nameOf(url), connection.endpoint());
    }
  }

  /** A sender to the queue (name or URL), sharing this administration's client. */
  public SqsSender sender(String queue) {
    return new SqsSender(connection, queueUrl(queue), BatchRetry.DEFAULT);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
    }
  }

  private String create(String name, Map<QueueAttributeName, String> attributes) {
    requireNonNull(name, "name");
    try {
      return connection.client()
          .createQueue(r -> r.queueName(name).attributes(attributes))
          .queueUrl();
    } catch (SdkException e) {
      throw SqsErrors.translate(e, "create", name, connection.endpoint());
    }
  }

  private static Map<QueueAttributeName, String> attributes(Duration visibilityTimeout) {
    requireNonNull(visibilityTimeout, "visibilityTimeout");
    if (visibilityTimeout.isNegative()
        || visibilityTimeout.compareTo(SqsSourceConfig.MAX_VISIBILITY_TIMEOUT) > 0
        || visibilityTimeout.toNanosPart() != 0) {
      throw new IllegalArgumentException(
          "visibilityTimeout must be whole seconds from 0 to 12 hours, was " + visibilityTimeout);
    }
    Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
    attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT,
        Long.toString(visibilityTimeout.toSeconds()));
    return attributes;
  }

}
