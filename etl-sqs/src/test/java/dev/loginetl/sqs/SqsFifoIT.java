package dev.loginetl.sqs;

import static dev.loginetl.testkit.MessageSourceContract.receiveAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a FIFO queue's groups do to the source, against ElasticMQ through the real SDK client. */
@ExtendWith(ElasticMq.class)
class SqsFifoIT {

  private static SqsQueueAdmin admin;

  @BeforeAll
  static void openAdmin() {
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  private static String newFifoQueue(Duration visibility) {
    return admin.createFifoQueue(ElasticMq.uniqueQueueName("fifo") + ".fifo", visibility);
  }

  private static void send(String url, String group, String... bodies) {
    for (String body : bodies) {
      SqsSender.Result result = admin.sender(url).sendMessages(
          List.of(new SqsSender.Outgoing(body, Map.of(), group, UUID.randomUUID().toString())));
      assertThat(result.sent()).isEqualTo(1);
    }
  }

  private static SqsMessageSource open(String url) {
    return SqsMessageSource.open(SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)));
  }

  @Test
  void holdsBackTheRestOfAGroupWhileAnEarlierMessageIsInFlightAndThenDeliversItInOrder() {
    String url = newFifoQueue(Duration.ofSeconds(30));
    send(url, "a", "a1", "a2", "a3");
    send(url, "b", "b1");
    try (SqsMessageSource source = open(url)) {
      List<ReceivedMessage> first = source.receive(1);
      assertThat(first).extracting(ReceivedMessage::body).containsExactly("a1");

      List<ReceivedMessage> meanwhile = source.receive(10);
      assertThat(meanwhile).as("group a is held back while a1 is in flight")
          .extracting(ReceivedMessage::body).containsExactly("b1");
      assertThat(source.receive(10)).as("nothing else is visible").isEmpty();

      source.acknowledge(first);
      List<ReceivedMessage> rest = receiveAtLeast(source, 2, Duration.ofSeconds(10));
      assertThat(rest).extracting(ReceivedMessage::body).containsExactly("a2", "a3");
      source.acknowledge(rest);
      source.acknowledge(meanwhile);
      assertThat(source.receive(10)).isEmpty();
    }
  }

  @Test
  void deliversEachMessagesGroupAndNoOtherAttribute() {
    String url = newFifoQueue(Duration.ofSeconds(30));
    send(url, "group-7", "{\"n\":1}");
    try (SqsMessageSource source = open(url)) {
      List<ReceivedMessage> received = receiveAtLeast(source, 1, Duration.ofSeconds(10));

      assertThat(received).singleElement().satisfies(m ->
          assertThat(m.attributes()).containsExactly(Map.entry(ReceivedMessage.GROUP_ID, "group-7")));
      source.acknowledge(received);
    }
  }

  @Test
  void anExtendedFifoMessageStaysHiddenAndHoldsItsGroupUntilItIsDeleted() throws InterruptedException {
    String url = newFifoQueue(Duration.ofSeconds(4));
    send(url, "slow", "s1", "s2");
    try (SqsMessageSource source = open(url)) {
      List<ReceivedMessage> first = source.receive(1);
      assertThat(first).extracting(ReceivedMessage::body).containsExactly("s1");

      Thread.sleep(2_200);
      source.extendVisibility(first);
      Thread.sleep(1_500);
      // A receive waiting from 3.7 s to 4.7 s after the first: without the extension s1 would be
      // back at 4 s; it is hidden until 6.2 s, and s2 waits behind it.
      assertThat(source.receive(10)).isEmpty();

      source.acknowledge(first);
      assertThat(receiveAtLeast(source, 1, Duration.ofSeconds(10))).extracting(ReceivedMessage::body)
          .containsExactly("s2");
    }
  }

  @Test
  void aDeliveryNotDeletedInTimeComesBackBeforeTheRestOfItsGroup() throws InterruptedException {
    String url = newFifoQueue(Duration.ofSeconds(1));
    send(url, "g", "g1", "g2");
    try (SqsMessageSource source = open(url)) {
      ReceivedMessage first = source.receive(1).get(0);
      Thread.sleep(1_500);

      List<ReceivedMessage> again = receiveAtLeast(source, 1, Duration.ofSeconds(10));

      assertThat(again.get(0).body()).isEqualTo("g1");
      assertThat(again.get(0).messageId()).isEqualTo(first.messageId());
      assertThat(again.get(0).receiveCount()).isGreaterThan(first.receiveCount());
    }
  }
}
