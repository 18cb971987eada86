package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.base.Version;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.sqs.SqsRejectionForwarder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The dead-letter round trip through the packaged runner, real ElasticMQ and real PostgreSQL: a
 * message the database refuses is forwarded to the dead-letter queue with its attributes, the
 * column is widened, {@code loginetl redrive} moves it back, and the next run stores it once,
 * under the id it was rejected under, with its original date, and marks its rejection resolved.
 *
 * <p>ElasticMQ stamps its own clock on every message, so a test cannot send in the past: the first
 * test checks that the replayed message takes the original sent timestamp (from its attributes),
 * not the moved message's own, which is later; the second redrives messages whose first delivery
 * was on 2026-10-01 and finds that date in their rows. Failure messages name ids and labels, never
 * an ip or a device id.
 */
@Tag(Faults.TAG)
class DeadLetterRoundTripIT {
  private static final String IP = "198.51.100.201";
  private static final String DEVICE = "round-trip-device-7c1e";

  @Test
  void aRefusedMessageIsForwardedRedrivenAndLoadedOnceWithItsOriginalDateAndItsRejectionResolved(@TempDir Path dir)
      throws Exception {
    FaultServers servers = FaultServers.shared();
    try (SqsClient sqs = Ledger.client(servers)) {
      SqsQueueAdmin.QueueWithDeadLetters queues;
      try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
        queues = admin.createQueueWithDeadLetterQueue("round-trip", Duration.ofSeconds(30), "round-trip-dlq", 5);
      }
      String queueUrl = queues.queueUrl();
      String dlqUrl = queues.deadLetterQueueUrl();
      String jdbcUrl = servers.newDatabase();
      sql(jdbcUrl, "ALTER TABLE user_logins ALTER COLUMN device_type TYPE varchar(8)");
      Path key = Faults.keyFile(dir);

      // 1. A login that fits, one whose device_type the narrowed column refuses, one the rules reject.
      String fits = send(sqs, queueUrl, login("rt-fits", "ios"));
      String refusedBody = login("rt-refused", "smartwatch");
      String refused = send(sqs, queueUrl, refusedBody);
      String invalid = send(sqs, queueUrl, "{\"ip\":\"" + IP + "\",\"device_id\":\"" + DEVICE + "\"}");
      Instant originalSent = sentTimestampOf(peek(sqs, queueUrl, 3), refused);
      LocalDate sentDay = LocalDate.ofInstant(originalSent, ZoneOffset.UTC);

      // 2. The first run stores one row and two rejections, and forwards both rejected messages.
      String first = run(dir, "first", Runner.run(queueUrl, jdbcUrl, key, "--until-empty", "--dlq-url", dlqUrl));
      assertThat(first).contains("forwarded to the dead-letter queue 2");
      assertThat(rows(jdbcUrl)).containsOnlyKeys(fits);
      assertThat(rows(jdbcUrl).get(fits)).containsEntry("create_date", sentDay.toString());
      Map<String, Map<String, String>> rejections = rejections(jdbcUrl);
      assertThat(rejections).containsOnlyKeys(refused, invalid);
      assertThat(rejections.get(refused)).containsEntry("reason", "REFUSED_BY_DATABASE").containsEntry("resolved_at", null);
      assertThat(rejections.get(invalid)).containsEntry("reason", "MISSING_FIELD");

      List<Message> dead = peek(sqs, dlqUrl, 2);
      assertThat(dead).hasSize(2);
      Message deadRefused = dead.stream().filter(m -> m.body().equals(refusedBody)).findFirst().orElseThrow();
      Map<String, String> attributes = new HashMap<>();
      deadRefused.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
      assertThat(attributes).containsOnlyKeys(DeadLetterAttributes.NAMES)
          .containsEntry(DeadLetterAttributes.MESSAGE_ID, refused)
          .containsEntry(DeadLetterAttributes.SQS_MESSAGE_ID, refused)
          .containsEntry(DeadLetterAttributes.REASON, "REFUSED_BY_DATABASE")
          .containsEntry(DeadLetterAttributes.VERSION, Version.current());
      assertThat(attributes).as("the first delivery's SentTimestamp")
          .containsEntry(DeadLetterAttributes.SENT_TIMESTAMP, Long.toString(originalSent.toEpochMilli()));
      assertThat(String.join(" ", attributes.values())).doesNotContain(IP).doesNotContain(DEVICE);

      // 3. The cause is fixed: the column is widened.
      sql(jdbcUrl, "ALTER TABLE user_logins ALTER COLUMN device_type TYPE varchar(32)");

      // 4. loginetl redrive moves both back; ElasticMQ runs SQS's own move task.
      String redrive = run(dir, "redrive", List.of("redrive", "--queue-url", queueUrl, "--dlq-url", dlqUrl,
          "--rate", "10"));
      assertThat(redrive).contains("started SQS's move task").contains("moved 2 messages")
          .contains("by SQS's move task");
      List<Message> back = peek(sqs, queueUrl, 2);
      assertThat(back).hasSize(2);
      Message moved = back.stream().filter(m -> m.body().equals(refusedBody)).findFirst().orElseThrow();
      assertThat(Instant.ofEpochMilli(Long.parseLong(moved.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))))
          .as("the moved message's own SentTimestamp is that of the forward, not the first delivery's")
          .isAfter(originalSent);

      // 5. The next run stores the refused one once, under its first id and date, and resolves its
      // rejection; the invalid one is rejected again (stored once) and forwarded again.
      String second = run(dir, "second", Runner.run(queueUrl, jdbcUrl, key, "--until-empty", "--dlq-url", dlqUrl));
      Runner.Summary summary = Runner.summary(second);
      assertThat(summary.loaded()).isEqualTo(1);
      assertThat(summary.rejected()).isZero();
      assertThat(summary.duplicates()).isEqualTo(1);
      Map<String, Map<String, String>> rows = rows(jdbcUrl);
      assertThat(rows).containsOnlyKeys(fits, refused);
      assertThat(rows.get(refused)).containsEntry("user_id", "rt-refused")
          .containsEntry("device_type", "smartwatch")
          .containsEntry("create_date", sentDay.toString());
      assertThat(rows.get(refused).get("sqs_message_id")).as("carried by the moved message").isNotEqualTo(refused);
      rejections = rejections(jdbcUrl);
      assertThat(rejections).as("kept, not deleted").containsOnlyKeys(refused, invalid);
      assertThat(rejections.get(refused).get("resolved_at")).as("resolved").isNotNull();
      assertThat(rejections.get(invalid).get("resolved_at")).as("still open").isNull();
      List<Message> deadAgain = peek(sqs, dlqUrl, 1);
      assertThat(deadAgain).singleElement().satisfies(m -> {
        assertThat(m.messageAttributes().get(DeadLetterAttributes.MESSAGE_ID).stringValue()).isEqualTo(invalid);
        assertThat(m.messageAttributes().get(DeadLetterAttributes.SQS_MESSAGE_ID).stringValue())
            .as("its first SQS id, kept").isEqualTo(invalid);
      });
      try (Ledger ledger = new Ledger(servers, queueUrl)) {
        assertThat(ledger.queueTotal()).as("queue empty").isZero();
      }
      String tables = Tables.dump(jdbcUrl, "user_logins") + Tables.dump(jdbcUrl, "user_logins_rejected");
      assertThat(tables).contains("rt-refused");
      assertThat(tables + first + redrive + second).as("ip or device id in clear").doesNotContain(IP)
          .doesNotContain(DEVICE);
      System.out.println("FAULTS dead-letter round trip: sent 3, first run rows 1 and rejections 2 forwarded,"
          + " redriven 2, second run loaded 1 (resolved 1) and forwarded 1 again");
    }
  }

  @Test
  void redriveByReceiveSendDeleteMovesAtMostMaxAndARerunMovesTheRestEachLoadedUnderItsFirstId(@TempDir Path dir)
      throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl;
    String dlqUrl;
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
      queueUrl = admin.createQueue("copy-redrive", Duration.ofSeconds(30));
      dlqUrl = admin.createQueue("copy-redrive-dlq", Duration.ofSeconds(30));
    }
    String jdbcUrl = servers.newDatabase();
    Instant firstSent = Instant.parse("2026-10-01T23:59:00Z");
    List<RejectedMessage> rejected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ReceivedMessage message = new ReceivedMessage("first-sqs-id-" + i, login("copy-" + i, "ios"), firstSent, 1,
          "receipt-" + i);
      rejected.add(new RejectedMessage(message, new Rejection("first-sqs-id-" + i, RejectReason.REFUSED_BY_DATABASE,
          "PostgreSQL refused the row: SQLSTATE 22001 (string_data_right_truncation)", "{}")));
    }
    try (SqsRejectionForwarder forwarder = SqsRejectionForwarder.open(servers.sqsClient(), dlqUrl, "0.0.1")) {
      forwarder.forward(rejected);
    }

    String part = run(dir, "copy-part", List.of("redrive", "--queue-url", queueUrl, "--dlq-url", dlqUrl,
        "--method", "copy", "--max", "3", "--rate", "50"));
    String rest = run(dir, "copy-rest", List.of("redrive", "--queue-url", queueUrl, "--dlq-url", dlqUrl,
        "--method", "copy"));
    String load = run(dir, "copy-load", Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--until-empty"));

    assertThat(part).contains("moved 3 messages").contains("by receive, send and delete")
        .contains("about 4 left in the dead-letter queue");
    assertThat(rest).contains("moved 4 messages").contains("about 0 left in the dead-letter queue");
    assertThat(Runner.summary(load).loaded()).isEqualTo(7);
    Map<String, Map<String, String>> rows = rows(jdbcUrl);
    assertThat(rows).hasSize(7).allSatisfy((id, row) -> {
      assertThat(id).startsWith("first-sqs-id-");
      assertThat(row).containsEntry("create_date", "2026-10-01");
    });
  }

  // ------------------------------------------------------------------ helpers

  /** Runs the packaged runner with {@code args}, expects exit 0, and returns what it printed. */
  private static String run(Path dir, String label, List<String> args) throws InterruptedException {
    Runner.Ended run = Runner.runToEnd(dir.resolve(label + ".log"), args, Duration.ofMinutes(3));
    assertThat(run.exit()).as("exit code of %s", label).isZero();
    assertThat(run.output()).as("output of %s", label).doesNotContain("Exception").doesNotContain("ERROR");
    return run.output();
  }

  private static String login(String userId, String deviceType) {
    return "{\"user_id\":\"" + userId + "\",\"app_version\":\"2.3.0\",\"device_type\":\"" + deviceType
        + "\",\"ip\":\"" + IP + "\",\"locale\":\"PT\",\"device_id\":\"" + DEVICE + "\"}";
  }

  private static String send(SqsClient sqs, String queueUrl, String body) {
    return sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)).messageId();
  }

  private static Instant sentTimestampOf(List<Message> messages, String id) {
    Message message = messages.stream().filter(m -> m.messageId().equals(id)).findFirst().orElseThrow();
    return Instant.ofEpochMilli(Long.parseLong(message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)));
  }

  /** The messages of the queue with their attributes, left on it (visible again at once). */
  private static List<Message> peek(SqsClient sqs, String url, int expected) throws InterruptedException {
    List<Message> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (seen.size() < expected && System.nanoTime() < deadline) {
      List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
          .visibilityTimeout(5).messageAttributeNames("All")
          .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
      seen.addAll(got);
    }
    for (Message m : seen) {
      sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    }
    return seen;
  }

  private static void sql(String jdbcUrl, String statement) throws Exception {
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement s = db.createStatement()) {
      s.execute(statement);
    }
  }

  private static Map<String, Map<String, String>> rows(String jdbcUrl) throws Exception {
    return Tables.rows(jdbcUrl, "SELECT message_id, sqs_message_id, user_id, device_type, create_date FROM user_logins");
  }

  private static Map<String, Map<String, String>> rejections(String jdbcUrl) throws Exception {
    return Tables.rows(jdbcUrl, "SELECT message_id, sqs_message_id, reason, resolved_at FROM user_logins_rejected");
  }
}
