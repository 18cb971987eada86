package dev.loginetl.sqs;

import static dev.loginetl.testkit.MessageSourceContract.receiveAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Queue administration and seeding, against ElasticMQ through the real SDK client. */
@ExtendWith(ElasticMq.class)
class SqsQueueAdminIT {

  private static SqsQueueAdmin admin;

  @BeforeAll
  static void openAdmin() {
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Test
  void createsAQueueOnceAndResolvesItsNameToTheSameUrl() {
    String name = ElasticMq.uniqueQueueName("created");
    String url = admin.createQueue(name, Duration.ofSeconds(45));

    assertThat(admin.createQueue(name, Duration.ofSeconds(45))).isEqualTo(url);
    assertThat(admin.queueUrl(name)).isEqualTo(url);
    try (SqsMessageSource byName =
        SqsMessageSource.open(SqsSourceConfig.of(ElasticMq.clientConfig(), name))) {
      assertThat(byName.queueUrl()).isEqualTo(url);
      assertThat(byName.visibilityTimeout()).isEqualTo(Duration.ofSeconds(45));
    }
  }

  @Test
  void configuredVisibilityTimeoutOverridesTheQueues() throws InterruptedException {
    String url = admin.createQueue(ElasticMq.uniqueQueueName("override"), Duration.ofSeconds(1));
    admin.sender(url).send(List.of("{\"slow\":true}"));
    try (SqsMessageSource source = SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), url)
            .withWaitTime(Duration.ofSeconds(1))
            .withVisibilityTimeout(Duration.ofSeconds(30)))) {
      assertThat(source.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
      List<ReceivedMessage> received = receiveAtLeast(source, 1, Duration.ofSeconds(20));

      source.extendVisibility(received);
      Thread.sleep(1_500);

      assertThat(source.receive(1)).as("hidden for 30 s, not the queue's 1 s").isEmpty();
    }
  }

  @Test
  void depthCountsVisibleAndInFlightMessages() {
    String url = admin.createQueue(ElasticMq.uniqueQueueName("depth"), Duration.ofSeconds(30));
    assertThat(admin.depth(url).isEmpty()).isTrue();
    admin.sender(url).send(List.of("{\"d\":1}", "{\"d\":2}", "{\"d\":3}", "{\"d\":4}", "{\"d\":5}"));
    assertThat(admin.depth(url)).isEqualTo(new QueueDepth(5, 0, 0));

    try (SqsMessageSource source = SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)))) {
      List<ReceivedMessage> received = source.receive(2);
      assertThat(received).hasSize(2);
      assertThat(admin.depth(url)).isEqualTo(new QueueDepth(3, 2, 0));
      assertThat(source.depth()).isEqualTo(new QueueDepth(3, 2, 0));
    }
  }

  @Test
  void senderSendsLargeBatchesSplitUnderThePayloadLimit() {
    String url = admin.createQueue(ElasticMq.uniqueQueueName("large"), Duration.ofSeconds(30));
    // 12 messages of 60 KB: 10 at once would exceed SQS's 256 KB per batch.
    List<String> bodies = IntStream.range(0, 12)
        .mapToObj(i -> "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(60_000) + "\"}")
        .collect(Collectors.toList());

    SqsSender.Result result = admin.sender(url).send(bodies);

    assertThat(result.sent()).isEqualTo(12);
    assertThat(result.refused()).isEmpty();
    try (SqsMessageSource source = SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)))) {
      assertThat(receiveAtLeast(source, 12, Duration.ofSeconds(20)))
          .extracting(ReceivedMessage::body).containsExactlyInAnyOrderElementsOf(bodies);
    }
  }

  @Test
  void senderReportsRefusedMessagesByPositionAndSendsTheRest() {
    String url = admin.createQueue(ElasticMq.uniqueQueueName("refused"), Duration.ofSeconds(30));
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      bodies.add("{\"n\":" + i + "}");
    }
    bodies.set(4, ""); // refused by the server
    bodies.set(9, "{\"bad\":\"\u0000\"}"); // refused before sending: SQS takes no U+0000
    bodies.set(17, "{\"bad\":\"\uFFFF\"}"); // nor U+FFFF, on which ElasticMQ fails a whole batch

    SqsSender.Result result = admin.sender(url).send(bodies);

    assertThat(result.sent()).isEqualTo(20);
    assertThat(result.refused()).extracting(SqsSender.Refused::index).containsExactly(4, 9, 17);
    assertThat(result.refused().get(0).code()).as("the server's own code").isNotBlank();
    assertThat(result.refused().subList(1, 3)).extracting(SqsSender.Refused::code)
        .containsOnly("InvalidMessageContents");
    assertThat(result.refused().toString()).doesNotContain("bad");
    assertThat(admin.depth(url).visible()).isEqualTo(20);
  }

  @Test
  void deletedQueueNoLongerResolves() {
    String name = ElasticMq.uniqueQueueName("deleted");
    admin.createQueue(name, Duration.ofSeconds(30));

    admin.deleteQueue(name);

    assertThatThrownBy(() -> admin.queueUrl(name))
        .isInstanceOf(EtlException.class)
        .hasMessageContaining("does not exist");
  }
}
