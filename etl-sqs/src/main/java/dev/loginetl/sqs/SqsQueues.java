package dev.loginetl.sqs;

import dev.loginetl.core.EtlException;
import dev.loginetl.sqs.internal.SqsConnection;
import dev.loginetl.sqs.internal.SqsErrors;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queue look-ups shared by the source, the sender and the administration. */
final class SqsQueues {

  private SqsQueues() {}

  /** The URL of {@code queue}, a URL already or a name resolved with {@code GetQueueUrl}. */
  static String resolveUrl(SqsConnection connection, String queue) {
    if (SqsSourceConfig.isUrl(queue)) {
      return queue;
    }
    try {
      return connection.client().getQueueUrl(r -> r.queueName(queue)).queueUrl();
    } catch (SdkException e) {
      throw SqsErrors.translate(e, "look up", queue, connection.endpoint());
    }
  }

  /** The requested attributes of the queue at {@code queueUrl}, by attribute name. */
  static Map<String, String> attributes(
      SqsConnection connection, String queueUrl, QueueAttributeName... names) {
    try {
      return connection.client()
          .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(names))
          .attributesAsStrings();
    } catch (SdkException e) {
      throw SqsErrors.translate(e, "read the attributes of", nameOf(queueUrl), connection.endpoint());
    }
  }

  /** The approximate counts of the queue's messages. */
  static QueueDepth depth(SqsConnection connection, String queueUrl) {
    Map<String, String> attributes =
        attributes(connection, queueUrl,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    return new QueueDepth(
        count(attributes, "ApproximateNumberOfMessages"),
        count(attributes, "ApproximateNumberOfMessagesNotVisible"),
        count(attributes, "ApproximateNumberOfMessagesDelayed"));
  }

  /** Whether the queue named {@code name} is a FIFO queue: SQS requires their names to end in ".fifo". */
  static boolean isFifo(String name) {
    return name.endsWith(".fifo");
  }

  /** The queue's ARN, which the move-task operations name queues by. */
  static String arn(SqsConnection connection, String queueUrl) {
    String arn = attributes(connection, queueUrl, QueueAttributeName.QUEUE_ARN).get("QueueArn");
    if (arn == null || arn.isEmpty()) {
      throw new EtlException("SQS reported no ARN for queue '" + nameOf(queueUrl)
          + "'; use a server that reports the QueueArn attribute.");
    }
    return arn;
  }

  /** The queue's name: the last path segment of its URL. */
  static String nameOf(String queueUrl) {
    String trimmed = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
    int slash = trimmed.lastIndexOf('/');
    String name = slash < 0 ? trimmed : trimmed.substring(slash + 1);
    if (name.isEmpty()) {
      throw new EtlException("The SQS queue URL " + queueUrl + " names no queue; fix the queue URL.");
    }
    return name;
  }

  private static long count(Map<String, String> attributes, String name) {
    String value = attributes.get(name);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new EtlException("SQS reported a " + name + " that is not a number.", e);
    }
  }
}
