package dev.loginetl.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.MessageSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageSource} must do, as tests. An adapter's test class implements this
 * interface and the two hooks; the default methods are its tests.
 *
 * <p>The hooks must give each test a queue of its own, empty at the start, whose source waits at
 * most about a second when the queue is empty. A source whose queue can carry message attributes
 * also implements {@link #send(String, Map)}, so that messages sent back from a dead-letter queue are
 * recognised ({@link DeadLetterAttributes}); for one that cannot, that test is skipped.
 */
public interface MessageSourceContract {

  /**
   * A source over a new, empty queue, whose deliveries stay hidden for {@code visibilityTimeout}
   * (a whole number of seconds).
   */
  MessageSource newSource(Duration visibilityTimeout);

  /** Puts bodies on the queue behind the source {@link #newSource} made last. */
  void send(List<String> bodies);

  /**
   * Puts one body on the queue behind the source {@link #newSource} made last, with message
   * attributes, as a dead-letter queue's redrive sends a message back. By default the queue carries
   * none, and the test that needs this is skipped.
   */
  default void send(String body, Map<String, String> attributes) {
    Assumptions.abort("this source's queue carries no message attributes");
  }

  @Test
  default void deliversTheDeadLetterAttributesOfAMessageSentBackAndNoneOfOthers() {
    try (MessageSource source = newSource(Duration.ofSeconds(30))) {
      Map<String, String> origin = Map.of(
          DeadLetterAttributes.MESSAGE_ID, "6a7e8feb-b491-4cf7-a9f1-000000000001",
          DeadLetterAttributes.SQS_MESSAGE_ID, "6a7e8feb-b491-4cf7-a9f1-000000000001",
          DeadLetterAttributes.SENT_TIMESTAMP, "1795600000000",
          DeadLetterAttributes.REASON, "REFUSED_BY_DATABASE",
          DeadLetterAttributes.VERSION, "1.2.3");
      send("{\"replayed\":true}", origin);
      send(List.of("{\"replayed\":false}"));

      List<ReceivedMessage> received = receiveAtLeast(source, 2, Duration.ofSeconds(20));

      assertThat(received).hasSize(2);
      assertThat(received).filteredOn(m -> m.body().equals("{\"replayed\":true}")).singleElement()
          .satisfies(m -> assertThat(m.attributes()).containsAllEntriesOf(origin));
      assertThat(received).filteredOn(m -> m.body().equals("{\"replayed\":false}")).singleElement()
          .satisfies(m -> assertThat(m.attributes()).doesNotContainKeys(DeadLetterAttributes.NAMES.toArray(String[]::new)));
      assertThat(received).allSatisfy(m -> assertThat(m.attributes().keySet())
          .isSubsetOf(concat(DeadLetterAttributes.NAMES, ReceivedMessage.GROUP_ID)));
      source.acknowledge(received);
    }
  }

  @Test
  default void deliversEverySentBodyOnceWithIdTimestampAndCount() {
    try (MessageSource source = newSource(Duration.ofSeconds(30))) {
      List<String> bodies =
          IntStream.range(0, 25)
              .mapToObj(i -> "{\"user_id\":\"u" + i + "\",\"locale\":\"\u00e9\u4e2d\ud83d\ude00\"}")
              .collect(Collectors.toList());
      Instant before = Instant.now().minusSeconds(60);
      send(bodies);

      List<ReceivedMessage> received = receiveAtLeast(source, bodies.size(), Duration.ofSeconds(20));

      assertThat(received).extracting(ReceivedMessage::body).containsExactlyInAnyOrderElementsOf(bodies);
      assertThat(new HashSet<>(received.stream().map(ReceivedMessage::messageId).toList()))
          .hasSize(bodies.size());
      assertThat(received).allSatisfy(m -> {
        assertThat(m.receiveCount()).isEqualTo(1);
        assertThat(m.sentTimestamp()).isNotNull().isAfter(before).isBefore(Instant.now().plusSeconds(60));
      });
    }
  }

  @Test
  default void neverReturnsMoreThanAsked() {
    try (MessageSource source = newSource(Duration.ofSeconds(30))) {
      send(IntStream.range(0, 15).mapToObj(i -> "{\"n\":" + i + "}").toList());

      assertThat(source.receive(3)).hasSizeLessThanOrEqualTo(3);
      assertThat(source.receive(1)).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  default void returnsAnEmptyListWhenTheQueueIsEmpty() {
    try (MessageSource source = newSource(Duration.ofSeconds(30))) {
      assertThat(source.receive(source.maxReceiveBatch())).isNotNull().isEmpty();
    }
  }

  @Test
  default void acknowledgedMessagesAreNotDeliveredAgain() throws InterruptedException {
    try (MessageSource source = newSource(Duration.ofSeconds(1))) {
      send(List.of("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"));
      List<ReceivedMessage> received = receiveAtLeast(source, 3, Duration.ofSeconds(20));

      source.acknowledge(received);
      Thread.sleep(1_600);

      assertThat(receiveAtLeast(source, 1, Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  default void unacknowledgedMessageIsDeliveredAgainWithAHigherReceiveCount()
      throws InterruptedException {
    try (MessageSource source = newSource(Duration.ofSeconds(1))) {
      send(List.of("{\"redeliver\":true}"));
      ReceivedMessage first = receiveAtLeast(source, 1, Duration.ofSeconds(20)).get(0);

      Thread.sleep(1_600);
      List<ReceivedMessage> again = receiveAtLeast(source, 1, Duration.ofSeconds(20));

      assertThat(again).hasSize(1);
      assertThat(again.get(0).messageId()).isEqualTo(first.messageId());
      assertThat(again.get(0).body()).isEqualTo(first.body());
      assertThat(again.get(0).receiveCount()).isGreaterThan(first.receiveCount());
      source.acknowledge(again);
    }
  }

  @Test
  default void extendedMessageStaysHiddenThenReturns() throws InterruptedException {
    try (MessageSource source = newSource(Duration.ofSeconds(4))) {
      send(List.of("{\"slow\":true}"));
      List<ReceivedMessage> received = receiveAtLeast(source, 1, Duration.ofSeconds(20));

      Thread.sleep(2_400);
      source.extendVisibility(received);
      Thread.sleep(1_800);
      // 4.2 s after receipt, hidden only because it was extended (until 6.4 s): a receive waiting up
      // to a second still finds nothing, with 1.2 s to spare for a slow machine.
      assertThat(source.receive(1)).isEmpty();

      List<ReceivedMessage> back = receiveAtLeast(source, 1, Duration.ofSeconds(10));
      assertThat(back).extracting(ReceivedMessage::messageId)
          .containsExactly(received.get(0).messageId());
      source.acknowledge(back);
    }
  }

  @Test
  default void acknowledgingTwiceOrNothingIsHarmless() {
    try (MessageSource source = newSource(Duration.ofSeconds(30))) {
      send(List.of("{\"twice\":true}"));
      List<ReceivedMessage> received = receiveAtLeast(source, 1, Duration.ofSeconds(20));

      source.acknowledge(received);
      assertThatCode(() -> source.acknowledge(received)).doesNotThrowAnyException();
      assertThatCode(() -> source.acknowledge(List.of())).doesNotThrowAnyException();
      assertThatCode(() -> source.extendVisibility(List.of())).doesNotThrowAnyException();
      assertThat(source.receive(1)).isEmpty();
    }
  }

  @Test
  default void closeIsIdempotent() {
    MessageSource source = newSource(Duration.ofSeconds(30));
    source.close();
    assertThatCode(source::close).doesNotThrowAnyException();
  }

  private static List<String> concat(List<String> names, String more) {
    List<String> all = new ArrayList<>(names);
    all.add(more);
    return all;
  }

  /** Receives until at least {@code count} messages arrived or {@code patience} ran out. */
  static List<ReceivedMessage> receiveAtLeast(MessageSource source, int count, Duration patience) {
    List<ReceivedMessage> all = new ArrayList<>();
    long deadline = System.nanoTime() + patience.toNanos();
    while (all.size() < count && System.nanoTime() < deadline) {
      all.addAll(source.receive(Math.min(source.maxReceiveBatch(), count - all.size())));
    }
    return all;
  }
}
