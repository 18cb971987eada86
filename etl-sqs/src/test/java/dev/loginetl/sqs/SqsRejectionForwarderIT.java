package dev.loginetl.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.Forwarded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the SQS forwarder does beyond the contract: FIFO groups and deduplication, refusals. */
@ExtendWith(ElasticMq.class)
class SqsRejectionForwarderIT {
  private static SqsQueueAdmin admin;

  @BeforeAll
  static void openAdmin() {
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  private static RejectedMessage rejected(String sqsId, String receiptHandle, Map<String, String> attributes) {
    ReceivedMessage message = new ReceivedMessage(sqsId, "{\"foo\":\"" + sqsId + "\"}", Instant.now(), 1,
        receiptHandle, attributes);
    return new RejectedMessage(message, new Rejection(sqsId, RejectReason.MISSING_FIELD, "field 'user_id' is missing", "{}"));
  }

  private static String fifoQueue() {
    return admin.createFifoQueue(ElasticMq.uniqueQueueName("dlq") + ".fifo", Duration.ofSeconds(30));
  }

  @Test
  void onAFifoQueueKeepsTheSourceGroupOrGroupsByKey() {
    String url = fifoQueue();
    try (SqsRejectionForwarder forwarder = SqsRejectionForwarder.open(ElasticMq.clientConfig(), url, "it")) {
      forwarder.forward(List.of(
          rejected("from-fifo", "rh-1", Map.of(ReceivedMessage.GROUP_ID, "tenant-42")),
          rejected("from-standard", "rh-2", Map.of())));
    }

    List<DeadLetterQueueReader.Read> read = DeadLetterQueueReader.drain(url, 2);

    assertThat(read).extracting(r -> r.message().body() + " in " + r.groupId()).containsExactlyInAnyOrder(
        "{\"foo\":\"from-fifo\"} in tenant-42", "{\"foo\":\"from-standard\"} in from-standard");
  }

  @Test
  void onAFifoQueueARetriedForwardOfOneDeliveryIsStoredOnceAndANewDeliveryAgain() {
    String url = fifoQueue();
    try (SqsRejectionForwarder forwarder = SqsRejectionForwarder.open(ElasticMq.clientConfig(), url, "it")) {
      RejectedMessage first = rejected("m-1", "receipt-of-delivery-1", Map.of());
      forwarder.forward(List.of(first));
      forwarder.forward(List.of(first)); // the pipeline's retry after a failure that hid a success

      // The same message, redriven and rejected again: a new delivery, not a copy to drop.
      forwarder.forward(List.of(rejected("m-1", "receipt-of-delivery-2", Map.of())));
    }

    assertThat(DeadLetterQueueReader.drain(url, 2)).hasSize(2);
  }

  @Test
  void aMessageTheQueueRefusesIsReturnedUnkeptWithTheQueuesCodeAndTheOthersAreStored() {
    String url = admin.createQueue(ElasticMq.uniqueQueueName("dlq"), Duration.ofSeconds(30));
    try (SqsRejectionForwarder forwarder = SqsRejectionForwarder.open(ElasticMq.clientConfig(), url, "it")) {
      ReceivedMessage unsendable = new ReceivedMessage("m-x", "secret-body-\uffff", null, 1, "rh", Map.of());
      RejectedMessage rejected = new RejectedMessage(unsendable,
          new Rejection("m-x", RejectReason.NOT_JSON, "the body is not valid JSON", "{}"));

      Forwarded forwarded = forwarder.forward(List.of(rejected("m-1", "rh-1", Map.of()), rejected));
      Forwarded again = forwarder.forward(List.of(rejected));

      assertThat(forwarded.unkept()).singleElement().satisfies(u -> {
        assertThat(u.messageId()).isEqualTo("m-x");
        assertThat(u.code()).isEqualTo("InvalidMessageContents");
        assertThat(u.toString()).doesNotContain("secret-body");
      });
      assertThat(again.unkept()).extracting(Forwarded.Unkept::messageId).containsExactly("m-x");
    }
    assertThat(DeadLetterQueueReader.drain(url, 1)).singleElement()
        .satisfies(m -> assertThat(m.message().attributes()).containsEntry(DeadLetterAttributes.MESSAGE_ID, "m-1"));
  }

  @Test
  void refusesToOpenOnAQueueThatDoesNotExist() {
    EtlException e = catchThrowableOfType(EtlException.class, () -> SqsRejectionForwarder.open(
        ElasticMq.clientConfig(), ElasticMq.endpoint() + "/000000000000/no-such-dlq", "it"));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("'no-such-dlq' does not exist");
  }
}
