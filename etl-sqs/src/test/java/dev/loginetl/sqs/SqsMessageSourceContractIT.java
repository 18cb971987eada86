package dev.loginetl.sqs;

import dev.loginetl.core.port.MessageSource;
import dev.loginetl.testkit.MessageSourceContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core's MessageSource contract, against ElasticMQ through the real SDK client. */
@ExtendWith(ElasticMq.class)
class SqsMessageSourceContractIT implements MessageSourceContract {

  private static SqsQueueAdmin admin;
  private SqsSender sender;

  @BeforeAll
  static void openAdmin() {
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Override
  public MessageSource newSource(Duration visibilityTimeout) {
    String url = admin.createQueue(ElasticMq.uniqueQueueName("contract"), visibilityTimeout);
    sender = admin.sender(url);
    // No override: the source takes the timeout from the queue's attribute. A 1 s long poll, the
    // shortest SQS offers, as the contract asks.
    return SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)));
  }

  @Override
  public void send(List<String> bodies) {
    SqsSender.Result result = sender.send(bodies);
    if (result.sent() != bodies.size()) {
      throw new AssertionError("the test queue refused messages: " + result.refused());
    }
  }

  @Override
  public void send(String body, Map<String, String> attributes) {
    SqsSender.Result result = sender.sendMessages(List.of(new SqsSender.Outgoing(body, attributes, null, null)));
    if (result.sent() != 1) {
      throw new AssertionError("the test queue refused the message: " + result.refused());
    }
  }
}
