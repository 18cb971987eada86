package dev.loginetl.sqs;

import dev.loginetl.core.port.MessageSource;
import dev.loginetl.testkit.MessageSourceContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The core's MessageSource contract on a FIFO queue, against ElasticMQ through the real SDK client.
 * Each message is sent in a group of its own, so that the contract's tests, which know nothing of
 * groups, see every message at once; {@link SqsFifoIT} checks what groups do.
 */
@ExtendWith(ElasticMq.class)
class SqsFifoMessageSourceContractIT implements MessageSourceContract {

  private static SqsQueueAdmin admin;
  private final AtomicInteger groups = new AtomicInteger();
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
    String url = admin.createFifoQueue(ElasticMq.uniqueQueueName("contract") + ".fifo", visibilityTimeout);
    sender = admin.sender(url);
    return SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)));
  }

  @Override
  public void send(List<String> bodies) {
    for (String body : bodies) {
      send(body, Map.of());
    }
  }

  @Override
  public void send(String body, Map<String, String> attributes) {
    SqsSender.Result result = sender.sendMessages(List.of(new SqsSender.Outgoing(
        body, attributes, "group-" + groups.incrementAndGet(), UUID.randomUUID().toString())));
    if (result.sent() != 1) {
      throw new AssertionError("the test queue refused the message: " + result.refused());
    }
  }
}
