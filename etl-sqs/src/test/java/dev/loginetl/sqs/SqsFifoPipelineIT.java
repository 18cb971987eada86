package dev.loginetl.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.testkit.InMemorySink;
import dev.loginetl.testkit.TestMasker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipeline on a FIFO queue with several groups, through the SQS source and a FIFO dead-letter
 * queue: groups held back while a message of theirs is in flight, a small in-flight bound and
 * batches waiting for their linger time do not stall it.
 */
@ExtendWith(ElasticMq.class)
class SqsFifoPipelineIT {
  private static final int GROUPS = 6;
  private static final int MESSAGES = 240;

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
  void storesEveryMessageOfEveryGroupOnceAndForwardsTheRejectedInTheirGroups() throws InterruptedException {
    String url = admin.createFifoQueue(ElasticMq.uniqueQueueName("fifo-pipeline") + ".fifo", Duration.ofSeconds(30));
    String dlqUrl = admin.createFifoQueue(ElasticMq.uniqueQueueName("fifo-dlq") + ".fifo", Duration.ofSeconds(30));
    Map<String, String> groupOfBody = new HashMap<>();
    List<SqsSender.Outgoing> messages = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      String body = i % 20 == 7 ? "{\"not_a_login\":" + i + "}" : "{\"user_id\":\"fifo-" + i + "\"}";
      String group = "group-" + (i % GROUPS);
      groupOfBody.put(body, group);
      messages.add(new SqsSender.Outgoing(body, Map.of(), group, UUID.randomUUID().toString()));
    }
    assertThat(admin.sender(url).sendMessages(messages).sent()).isEqualTo(MESSAGES);
    InMemorySink sink = new InMemorySink();

    PipelineSummary summary;
    try (SqsMessageSource source = SqsMessageSource.open(
            SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)));
        SqsRejectionForwarder forwarder = SqsRejectionForwarder.open(ElasticMq.clientConfig(), dlqUrl, "it")) {
      Pipeline pipeline = Pipeline.builder(source, sink, new LoginTransformer(new TestMasker()))
          .rejectionForwarder(forwarder)
          .receivers(3).writers(2).batchSize(25).linger(Duration.ofMillis(200)).maxInFlight(15)
          .stopWhenEmpty(true).start();
      assertThat(pipeline.awaitStopRequested(Duration.ofMinutes(2))).as("drained by itself").isTrue();
      summary = pipeline.stop();
    }

    assertThat(summary.failed()).isEmpty();
    assertThat(sink.rows()).hasSize(MESSAGES - MESSAGES / 20);
    assertThat(sink.rejections()).hasSize(MESSAGES / 20);
    assertThat(sink.timesStored().values()).containsOnly(1);
    assertThat(summary.acknowledged()).isEqualTo(summary.received());
    try (SqsMessageSource after = SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)))) {
      assertThat(after.receive(10)).isEmpty();
    }
    assertThat(admin.depth(url).total()).as("queue empty").isZero();

    try (SqsMessageSource dlq = SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), dlqUrl).withWaitTime(Duration.ofSeconds(1)))) {
      List<ReceivedMessage> dead = new ArrayList<>();
      for (int i = 0; i < 10 && dead.size() < MESSAGES / 20; i++) {
        List<ReceivedMessage> got = dlq.receive(10);
        dead.addAll(got);
        dlq.acknowledge(got);
      }
      assertThat(dead).hasSize(MESSAGES / 20);
      assertThat(dead).allSatisfy(m -> {
        assertThat(m.attributes().get(ReceivedMessage.GROUP_ID)).isEqualTo(groupOfBody.get(m.body()));
        assertThat(sink.rejections()).containsKey(m.attributes().get(DeadLetterAttributes.MESSAGE_ID));
      });
    }
  }
}
