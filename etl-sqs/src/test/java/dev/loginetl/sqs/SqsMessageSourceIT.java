package dev.loginetl.sqs;

import static dev.loginetl.testkit.MessageSourceContract.receiveAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SQS-specific behaviour of the source, against ElasticMQ through the real SDK client. */
@ExtendWith(ElasticMq.class)
class SqsMessageSourceIT {

  private static SqsQueueAdmin admin;

  @BeforeAll
  static void openAdmin() {
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  private static String newQueue(Duration visibilityTimeout) {
    return admin.createQueue(ElasticMq.uniqueQueueName("source"), visibilityTimeout);
  }

  private static SqsMessageSource open(String queueUrl, Duration waitTime) {
    return SqsMessageSource.open(
        SqsSourceConfig.of(ElasticMq.clientConfig(), queueUrl).withWaitTime(waitTime));
  }

  private static List<String> bodies(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "{\"" + prefix + "\":" + i + "}")
        .collect(Collectors.toList());
  }

  @Test
  void receiveOnAnEmptyQueueWaitsAndReturnsAMessageSentDuringTheWait() throws Exception {
    String url = newQueue(Duration.ofSeconds(30));
    try (SqsMessageSource source = open(url, Duration.ofSeconds(15))) {
      CompletableFuture<List<ReceivedMessage>> waiting =
          CompletableFuture.supplyAsync(() -> source.receive(10));
      Thread.sleep(1_000);
      assertThat(waiting).as("a long poll on an empty queue is still waiting").isNotDone();

      admin.sender(url).send(List.of("{\"late\":true}"));

      assertThat(waiting.get(20, TimeUnit.SECONDS))
          .extracting(ReceivedMessage::body)
          .containsExactly("{\"late\":true}");
    }
  }

  @Test
  void receivesTenMessagesPerCallWhenMoreAreWaiting() {
    String url = newQueue(Duration.ofSeconds(30));
    admin.sender(url).send(bodies("batch", 25));
    try (SqsMessageSource source = open(url, Duration.ofSeconds(1))) {
      assertThat(source.receive(10)).hasSize(10);
      assertThat(source.receive(4)).hasSize(4);
      assertThatThrownBy(() -> source.receive(11)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> source.receive(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void acknowledgesMoreThanTenMessagesInOneCall() throws InterruptedException {
    String url = newQueue(Duration.ofSeconds(1));
    admin.sender(url).send(bodies("chunked", 25));
    try (SqsMessageSource source = open(url, Duration.ofSeconds(1))) {
      List<ReceivedMessage> received = receiveAtLeast(source, 25, Duration.ofSeconds(20));
      assertThat(received).hasSize(25);

      source.acknowledge(received);

      assertThat(source.counters().acknowledged()).isEqualTo(25);
      Thread.sleep(1_500); // past the visibility timeout: anything not deleted would be back
      assertThat(receiveAtLeast(source, 1, Duration.ofSeconds(2))).isEmpty();
      assertThat(admin.depth(url).isEmpty()).isTrue();
    }
  }

  @Test
  void acknowledgeDeletesTheValidAndSkipsInvalidReceiptHandlesWithoutFailing()
      throws InterruptedException {
    String url = newQueue(Duration.ofSeconds(1));
    admin.sender(url).send(bodies("mixed", 4));
    try (SqsMessageSource source = open(url, Duration.ofSeconds(1))) {
      List<ReceivedMessage> first = receiveAtLeast(source, 4, Duration.ofSeconds(20));
      ReceivedMessage kept = first.get(3);
      source.acknowledge(first.subList(0, 3));
      Thread.sleep(1_500);
      // Redelivered: the handle from the first delivery is no longer current.
      List<ReceivedMessage> again = receiveAtLeast(source, 1, Duration.ofSeconds(20));
      assertThat(again).extracting(ReceivedMessage::messageId).containsExactly(kept.messageId());

      List<ReceivedMessage> mixed = new ArrayList<>();
      mixed.add(kept); // stale handle
      mixed.add(new ReceivedMessage("forged", "{}", null, 1, "not-a-receipt-handle"));
      mixed.addAll(first.subList(0, 3)); // already deleted
      mixed.add(again.get(0)); // the only current one
      assertThatCode(() -> source.acknowledge(mixed)).doesNotThrowAnyException();

      assertThat(source.counters().acknowledged()).isEqualTo(4);
      assertThat(source.counters().staleAcknowledgements()).isEqualTo(5);
      Thread.sleep(1_500);
      assertThat(receiveAtLeast(source, 1, Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void acknowledgeRefusesHandlesThatAreNotReceiptHandles() {
    try (SqsMessageSource source = open(newQueue(Duration.ofSeconds(30)), Duration.ZERO)) {
      ReceivedMessage foreign = new ReceivedMessage("m", "{}", null, 1, 42L);
      assertThatThrownBy(() -> source.acknowledge(List.of(foreign)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void extendingMoreThanTenDeliveriesKeepsThemAllHiddenAndIgnoresStaleOnes()
      throws InterruptedException {
    String url = newQueue(Duration.ofSeconds(3));
    admin.sender(url).send(bodies("extend", 12));
    // Short polling: a long poll of SQS's shortest 1 s would outlast the extension it checks.
    try (SqsMessageSource source = open(url, Duration.ZERO)) {
      List<ReceivedMessage> received = receiveAtLeast(source, 12, Duration.ofSeconds(20));
      assertThat(received).hasSize(12);

      Thread.sleep(1_500);
      List<ReceivedMessage> toExtend = new ArrayList<>(received);
      toExtend.add(new ReceivedMessage("gone", "{}", null, 1, "not-a-receipt-handle"));
      source.extendVisibility(toExtend);
      Thread.sleep(1_800);

      // 3.3 s after receipt (visible again from 3 s unless extended), hidden only because the
      // extension reached every chunk (until 4.5 s).
      assertThat(source.receive(10)).isEmpty();
      assertThat(source.counters().extended()).isEqualTo(12);
      assertThat(source.counters().staleExtensions()).isEqualTo(1);
      List<ReceivedMessage> back = receiveAtLeast(source, 12, Duration.ofSeconds(20));
      assertThat(back).extracting(ReceivedMessage::messageId)
          .containsExactlyInAnyOrderElementsOf(
              received.stream().map(ReceivedMessage::messageId).toList());
    }
  }

  @Test
  void unacknowledgedMessageComesBackAfterTheTimeoutWithARisingReceiveCount()
      throws InterruptedException {
    String url = newQueue(Duration.ofSeconds(1));
    admin.sender(url).send(List.of("{\"again\":1}"));
    try (SqsMessageSource source = open(url, Duration.ofSeconds(1))) {
      List<Integer> counts = new ArrayList<>();
      String id = null;
      for (int delivery = 0; delivery < 3; delivery++) {
        List<ReceivedMessage> got = receiveAtLeast(source, 1, Duration.ofSeconds(20));
        assertThat(got).hasSize(1);
        id = id == null ? got.get(0).messageId() : id;
        assertThat(got.get(0).messageId()).isEqualTo(id);
        counts.add(got.get(0).receiveCount());
        Thread.sleep(1_100);
      }
      assertThat(counts).containsExactly(1, 2, 3);
    }
  }

  @Test
  void redrivePolicyMovesAMessageToTheDeadLetterQueueAfterMaxReceiveCount()
      throws InterruptedException {
    SqsQueueAdmin.QueueWithDeadLetters queues = admin.createQueueWithDeadLetterQueue(
        ElasticMq.uniqueQueueName("redriven"), Duration.ofSeconds(1),
        ElasticMq.uniqueQueueName("dead"), 2);
    admin.sender(queues.queueUrl()).send(List.of("{\"poison\":true}"));
    try (SqsMessageSource source = open(queues.queueUrl(), Duration.ofSeconds(1));
        SqsMessageSource deadLetters = open(queues.deadLetterQueueUrl(), Duration.ofSeconds(1))) {
      ReceivedMessage first = receiveAtLeast(source, 1, Duration.ofSeconds(20)).get(0);
      Thread.sleep(1_100);
      assertThat(receiveAtLeast(source, 1, Duration.ofSeconds(20)))
          .extracting(ReceivedMessage::receiveCount).containsExactly(2);
      Thread.sleep(1_100);

      assertThat(receiveAtLeast(source, 1, Duration.ofSeconds(2)))
          .as("received twice without a delete: no longer on the queue").isEmpty();
      List<ReceivedMessage> dead = receiveAtLeast(deadLetters, 1, Duration.ofSeconds(20));
      assertThat(dead).extracting(ReceivedMessage::messageId).containsExactly(first.messageId());
      assertThat(dead).extracting(ReceivedMessage::body).containsExactly("{\"poison\":true}");
    }
  }

  @Test
  void parallelReceiversReceiveEveryMessageExactlyOnceBetweenThem() throws Exception {
    String url = newQueue(Duration.ofSeconds(60));
    List<String> sent = bodies("parallel", 600);
    assertThat(admin.sender(url).send(sent).sent()).isEqualTo(600);
    int receivers = 8;
    ConcurrentLinkedQueue<ReceivedMessage> received = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(receivers);
    try (SqsMessageSource source = open(url, Duration.ofSeconds(1))) {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < receivers; i++) {
        workers.add(pool.submit(() -> {
          int emptyInARow = 0;
          while (emptyInARow < 2) {
            List<ReceivedMessage> batch = source.receive(10);
            emptyInARow = batch.isEmpty() ? emptyInARow + 1 : 0;
            received.addAll(batch);
            source.acknowledge(batch);
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
      List<String> ids = received.stream().map(ReceivedMessage::messageId).toList();
      assertThat(ids).doesNotHaveDuplicates().hasSize(600);
      assertThat(received).extracting(ReceivedMessage::body).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(source.counters().received()).isEqualTo(600);
      assertThat(source.counters().acknowledged()).isEqualTo(600);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void errorsCarryNoRequestContentEvenWhenTheServerEchoesTheRequest() {
    try (SqsMessageSource source = open(newQueue(Duration.ofSeconds(30)), Duration.ZERO)) {
      // ElasticMQ cannot parse U+FFFF and answers with the whole request in its error message.
      ReceivedMessage odd = new ReceivedMessage("m", "{}", null, 1, "handle-203.0.113.77-\uFFFF");

      Throwable thrown = catchThrowable(() -> source.acknowledge(List.of(odd)));

      assertThat(thrown).isInstanceOf(EtlException.class);
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain("203.0.113.77");
      }
    }
  }

  @Test
  void closeEndsAWaitingReceiveWithAnEmptyListAndLaterCallsFailClearly() throws Exception {
    SqsMessageSource source = open(newQueue(Duration.ofSeconds(30)), Duration.ofSeconds(20));
    CompletableFuture<List<ReceivedMessage>> waiting =
        CompletableFuture.supplyAsync(() -> source.receive(10));
    Thread.sleep(1_000);

    source.close();

    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThatCode(source::close).doesNotThrowAnyException();
    assertThatThrownBy(() -> source.receive(1))
        .isInstanceOf(EtlException.class).hasMessageContaining("closed");
    assertThatCode(() -> source.acknowledge(Collections.emptyList())).doesNotThrowAnyException();
  }
}
