package dev.loginetl.sqs;

import dev.loginetl.sqs.internal.SqsConnection;
import dev.loginetl.testkit.RejectionForwarderContract.Forwarded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Reads what a dead-letter queue holds through the SDK itself (not the loader's source), every
 * message attribute and the FIFO group included, deleting what it read.
 */
final class DeadLetterQueueReader {
  /** A message read, with its group (null on a standard queue). */
  record Read(Forwarded message, String groupId, String deduplicationId) {}

  private DeadLetterQueueReader() {}

  /** Receives until at least {@code atLeast} arrived, then once more for stragglers, up to about 10 s. */
  static List<Read> drain(String queueUrl, int atLeast) {
    List<Read> read = new ArrayList<>();
    try (SqsConnection connection = SqsConnection.open(ElasticMq.clientConfig())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      boolean lastEmpty = false;
      while (System.nanoTime() < deadline && !(read.size() >= atLeast && lastEmpty)) {
        List<Message> messages = connection.client().receiveMessage(r -> r.queueUrl(queueUrl)
            .maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)
            .messageAttributeNames("All")
            .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
        lastEmpty = messages.isEmpty();
        for (Message m : messages) {
          Map<String, String> attributes = new LinkedHashMap<>();
          m.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
          read.add(new Read(new Forwarded(m.body(), attributes),
              m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID),
              m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)));
          connection.client().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
      }
    }
    return read;
  }

  static List<Forwarded> messages(String queueUrl, int atLeast) {
    return drain(queueUrl, atLeast).stream().map(Read::message).toList();
  }
}
