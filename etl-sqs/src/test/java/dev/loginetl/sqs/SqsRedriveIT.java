package dev.loginetl.sqs;

import static dev.loginetl.testkit.MessageSourceContract.receiveAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.DeadLetterAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both ways of moving messages back from a dead-letter queue, against ElasticMQ 1.7.1 through the
 * real SDK client. ElasticMQ runs SQS's own move task ({@code StartMessageMoveTask}); the first test
 * says so, and fails if a later ElasticMQ stops.
 */
@ExtendWith(ElasticMq.class)
class SqsRedriveIT {
  private static final Instant FIRST_SENT = Instant.parse("2026-10-01T08:00:00Z");
  private static SqsQueueAdmin admin;

  @BeforeAll
  static void openAdmin() {
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  /** Forwards {@code count} rejected messages, as the loader does, to {@code dlqUrl}; their bodies. */
  private static List<String> forward(String dlqUrl, int count, String group) {
    List<RejectedMessage> rejected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> attributes = group == null ? Map.of() : Map.of(ReceivedMessage.GROUP_ID, group);
      ReceivedMessage message = new ReceivedMessage("sqs-" + i, "{\"n\":" + i + ",\"ip\":\"203.0.113.9\"}",
          FIRST_SENT, 1, "receipt-" + i, attributes);
      rejected.add(new RejectedMessage(message, new Rejection("sqs-" + i, RejectReason.REFUSED_BY_DATABASE,
          "PostgreSQL refused the row", "{}")));
    }
    try (SqsRejectionForwarder forwarder = SqsRejectionForwarder.open(ElasticMq.clientConfig(), dlqUrl, "it")) {
      forwarder.forward(rejected);
    }
    return rejected.stream().map(r -> r.message().body()).toList();
  }

  private static List<ReceivedMessage> drainSource(String url, int count) {
    try (SqsMessageSource source = SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), url).withWaitTime(Duration.ofSeconds(1)))) {
      List<ReceivedMessage> received = new ArrayList<>();
      while (received.size() < count) {
        List<ReceivedMessage> got = receiveAtLeast(source, 1, Duration.ofSeconds(10));
        if (got.isEmpty()) {
          break;
        }
        received.addAll(got);
        source.acknowledge(got);
      }
      return received;
    }
  }

  private static void assertCarriesItsFirstOrigin(ReceivedMessage m) {
    DeadLetterAttributes.Origin origin = DeadLetterAttributes.originOf(m);
    assertThat(origin.replayed()).isTrue();
    assertThat(origin.messageId()).startsWith("sqs-");
    assertThat(origin.sentTimestamp()).isEqualTo(FIRST_SENT);
    assertThat(m.attributes()).containsEntry(DeadLetterAttributes.REASON, "REFUSED_BY_DATABASE");
  }

  @Test
  void elasticMqRunsSqssOwnMoveTaskKeepingBodiesAndAttributes() throws InterruptedException {
    String dlq = admin.createQueue(ElasticMq.uniqueQueueName("dlq"), Duration.ofSeconds(30));
    String source = admin.createQueue(ElasticMq.uniqueQueueName("source"), Duration.ofSeconds(30));
    List<String> bodies = forward(dlq, 5, null);

    try (SqsRedrive redrive = SqsRedrive.open(ElasticMq.clientConfig(), dlq, source)) {
      SqsRedrive.Start start = redrive.startMoveTask(50);
      assertThat(start).as("ElasticMQ supports StartMessageMoveTask").isInstanceOf(SqsRedrive.Started.class);
      String handle = ((SqsRedrive.Started) start).taskHandle();
      SqsRedrive.MoveTask task = null;
      for (int i = 0; i < 100; i++) {
        task = redrive.moveTask(handle, -1, Set.of()).orElseThrow();
        if (!task.running()) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(task.status()).isEqualTo("COMPLETED");
      assertThat(task.moved()).isEqualTo(5);
      assertThat(redrive.runningMoveTask()).isEmpty();
    }

    List<ReceivedMessage> back = drainSource(source, 5);
    assertThat(back).extracting(ReceivedMessage::body).containsExactlyInAnyOrderElementsOf(bodies);
    assertThat(back).allSatisfy(SqsRedriveIT::assertCarriesItsFirstOrigin);
    assertThat(admin.depth(dlq).visible()).isZero();
  }

  @Test
  void copiesInBatchesKeepingBodiesAndAttributesAndDeletesFromTheDeadLetterQueue() {
    String dlq = admin.createQueue(ElasticMq.uniqueQueueName("dlq"), Duration.ofSeconds(30));
    String source = admin.createQueue(ElasticMq.uniqueQueueName("source"), Duration.ofSeconds(30));
    List<String> bodies = forward(dlq, 23, null);

    int moved = 0;
    try (SqsRedrive redrive = SqsRedrive.open(ElasticMq.clientConfig(), dlq, source)) {
      for (int i = 0; i < 20 && moved < 23; i++) {
        SqsRedrive.Batch batch = redrive.copyBatch(10);
        assertThat(batch.refused()).isEmpty();
        assertThat(batch.notDeleted()).isZero();
        moved += batch.moved();
      }
      assertThat(redrive.copyBatch(10).received()).as("nothing left").isZero();
    }

    assertThat(moved).isEqualTo(23);
    List<ReceivedMessage> back = drainSource(source, 23);
    assertThat(back).extracting(ReceivedMessage::body).containsExactlyInAnyOrderElementsOf(bodies);
    assertThat(back).allSatisfy(SqsRedriveIT::assertCarriesItsFirstOrigin);
  }

  @Test
  void copiesBetweenFifoQueuesKeepingEachGroupAndItsOrder() {
    String dlq = admin.createFifoQueue(ElasticMq.uniqueQueueName("dlq") + ".fifo", Duration.ofSeconds(30));
    String source = admin.createFifoQueue(ElasticMq.uniqueQueueName("source") + ".fifo", Duration.ofSeconds(30));
    List<String> bodies = forward(dlq, 12, "tenant-1");

    try (SqsRedrive redrive = SqsRedrive.open(ElasticMq.clientConfig(), dlq, source)) {
      int moved = 0;
      for (int i = 0; i < 10 && moved < 12; i++) {
        moved += redrive.copyBatch(10).moved();
      }
      assertThat(moved).isEqualTo(12);
    }

    List<ReceivedMessage> back = drainSource(source, 12);
    assertThat(back).extracting(ReceivedMessage::body).containsExactlyElementsOf(bodies);
    assertThat(back).allSatisfy(m -> assertThat(m.attributes()).containsEntry(ReceivedMessage.GROUP_ID, "tenant-1"));
  }

  @Test
  void aFifoCopyIsDeduplicatedByItsDeadLetterMessageIdSoThatARerunWithinFiveMinutesStoresItOnce() {
    String dlq = admin.createFifoQueue(ElasticMq.uniqueQueueName("dlq") + ".fifo", Duration.ofSeconds(30));
    String source = admin.createFifoQueue(ElasticMq.uniqueQueueName("source") + ".fifo", Duration.ofSeconds(30));
    forward(dlq, 1, "g");
    String deadLetterId;
    try (SqsMessageSource dead = SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), dlq).withWaitTime(Duration.ofSeconds(1))
            .withVisibilityTimeout(Duration.ofSeconds(0)))) {
      List<ReceivedMessage> peeked = receiveAtLeast(dead, 1, Duration.ofSeconds(10));
      deadLetterId = peeked.get(0).messageId();
      dead.extendVisibility(peeked); // visible again at once
    }

    try (SqsRedrive redrive = SqsRedrive.open(ElasticMq.clientConfig(), dlq, source)) {
      int moved = 0;
      for (int i = 0; i < 10 && moved < 1; i++) {
        moved += redrive.copyBatch(10).moved();
      }
      assertThat(moved).isEqualTo(1);
    }

    assertThat(DeadLetterQueueReader.drain(source, 1)).singleElement()
        .satisfies(read -> assertThat(read.deduplicationId()).isEqualTo(deadLetterId));
  }

  @Test
  void refusesQueuesOfDifferentKinds() {
    String dlq = admin.createFifoQueue(ElasticMq.uniqueQueueName("dlq") + ".fifo", Duration.ofSeconds(30));
    String source = admin.createQueue(ElasticMq.uniqueQueueName("source"), Duration.ofSeconds(30));

    EtlException e = catchThrowableOfType(EtlException.class,
        () -> SqsRedrive.open(ElasticMq.clientConfig(), dlq, source));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("not of one kind");
  }

  @Test
  void movesNothingFromAnEmptyDeadLetterQueue() {
    String dlq = admin.createQueue(ElasticMq.uniqueQueueName("dlq"), Duration.ofSeconds(30));
    String source = admin.createQueue(ElasticMq.uniqueQueueName("source"), Duration.ofSeconds(30));
    try (SqsRedrive redrive = SqsRedrive.open(ElasticMq.clientConfig(), dlq, source)) {
      assertThat(redrive.copyBatch(10)).isEqualTo(new SqsRedrive.Batch(0, 0, Map.of(), 0, false));
    }
    assertThat(admin.depth(source).visible()).isZero();
  }
}
