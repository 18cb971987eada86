package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.testing.SqsProxy;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.sqs.SqsQueueAdmin;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A rejected message the dead-letter queue refuses, as SQS refuses one over its size limit: the
 * runner goes on, and the message is neither lost nor deleted before it is kept somewhere.
 *
 * <p>ElasticMQ takes messages far larger than SQS's limit, so a proxy in front of it answers SQS's
 * own error (HTTP 400, {@code AWS.SimpleQueueService.BatchRequestTooLong}, in SQS's JSON protocol)
 * to every send whose messages, with their attributes, add up to more than {@value #LIMIT} bytes,
 * the queue's {@code MaximumMessageSize}. The runner talks to the queues through it; the test seeds
 * them directly. The source queue has a redrive policy to the dead-letter queue.
 */
@Tag(Faults.TAG)
class DeadLetterRefusedIT {
  /** SQS's 256 KiB, the dead-letter queue's MaximumMessageSize here. */
  private static final int LIMIT = 262_144;
  private static final int LOGINS = 1_000;
  private static final int MAX_RECEIVE_COUNT = 3;
  private static final AtomicInteger RUNS = new AtomicInteger();

  @Test
  void aBodyAtTheSizeLimitStaysOnTheQueueForItsRedrivePolicyWhileTheRunnerLoadsTheRest(@TempDir Path dir)
      throws Exception {
    FaultServers servers = FaultServers.shared();
    String name = "dlq-refused-" + RUNS.incrementAndGet();
    SqsQueueAdmin.QueueWithDeadLetters queues;
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
      queues = admin.createQueueWithDeadLetterQueue(name, Duration.ofSeconds(10), name + "-dlq", MAX_RECEIVE_COUNT);
    }
    String jdbcUrl = servers.newDatabase();
    List<Integer> refusedBodyLengths = new java.util.concurrent.CopyOnWriteArrayList<>();
    SqsProxy.Rule sqsLimit = new SqsProxy.Rule() {
      @Override
      public Optional<SqsProxy.Answer> answer(SqsProxy.Call call) {
        if (!call.operation().startsWith("SendMessage")) {
          return Optional.empty();
        }
        long size = SqsProxy.messagesSize(call.request());
        if (size <= LIMIT) {
          return Optional.empty();
        }
        call.request().path("Entries").forEach(e -> refusedBodyLengths.add(e.path("MessageBody").asText().length()));
        return Optional.of(SqsProxy.batchRequestTooLong(LIMIT, size));
      }
    };

    try (SqsClient sqs = Ledger.client(servers); SqsProxy proxy = SqsProxy.start(servers.sqsEndpoint(), sqsLimit)) {
      Random random = Faults.random("dlq-refused");
      List<String> first = new ArrayList<>();
      for (int i = 0; i < LOGINS; i++) {
        first.add(Logins.valid("dl-" + i, Logins.ip(random), Logins.deviceId(random), random));
      }
      // Both are rejected (no user_id): one at the limit fits nowhere once anything is added; one a
      // little under it fits with its key alone, not with every attribute.
      String atLimit = rejectedBody(LIMIT);
      String underLimit = rejectedBody(LIMIT - 150);
      send(sqs, queues.queueUrl(), first.subList(0, LOGINS / 2));
      String atLimitId = send(sqs, queues.queueUrl(), atLimit);
      String underLimitId = send(sqs, queues.queueUrl(), underLimit);
      send(sqs, queues.queueUrl(), first.subList(LOGINS / 2, LOGINS));

      int metricsPort = Runner.freePort();
      try (Runner runner = Runner.start(dir.resolve("run.log"), Runner.run(queues.queueUrl(), jdbcUrl,
          Faults.keyFile(dir), "--dlq-url", queues.deadLetterQueueUrl(), "--sqs-endpoint", proxy.endpoint().toString(),
          "--batch-size", "50"), metricsPort)) {
        Faults.waitUntil(Duration.ofMinutes(3), "the 1,000 logins are stored and the runner names the refused message",
            () -> alive(runner) && count(jdbcUrl, "user_logins") == LOGINS
                && runner.get("/metrics").body().contains("message_id=\"" + atLimitId + "\""));

        assertThat(runner.isAlive()).as("the runner goes on; it printed:%n%s", tail(runner.output())).isTrue();
        String metrics = runner.get("/metrics").body();
        assertThat(metrics).contains("loginetl_dead_letter_refused{code=\"BatchRequestTooLong\",message_id=\""
            + atLimitId + "\"} 1.0");
        assertThat(metrics).doesNotContain("message_id=\"" + underLimitId + "\"");
        Runner.Http health = runner.get("/health");
        assertThat(health.status()).as("a refused message is no reason for a restart").isEqualTo(200);
        assertThat(health.body()).as("/health names the message left on the queue").contains(atLimitId);

        // Neither lost nor deleted unkept: the source queue's redrive policy moves it, as it was.
        try {
          Faults.waitUntil(Duration.ofMinutes(2), "the redrive policy moved the refused message to the dead-letter queue",
              () -> alive(runner) && depth(sqs, queues.deadLetterQueueUrl()) >= 2 && depth(sqs, queues.queueUrl()) == 0);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; queue " + depth(sqs, queues.queueUrl()) + ", dead-letter queue "
              + depth(sqs, queues.deadLetterQueueUrl()) + "; the runner printed:\n" + tail(runner.output()), e);
        }
        assertThat(runner.isAlive()).as("the runner goes on; it printed:%n%s", tail(runner.output())).isTrue();
        String output = runner.output();
        assertThat(output).contains("refused rejected message " + atLimitId + " (BatchRequestTooLong)")
            .doesNotContain("x".repeat(64)).doesNotContain("Exception");
      }

      assertThat(count(jdbcUrl, "user_logins")).isEqualTo(LOGINS);
      assertThat(rejectionIds(jdbcUrl)).containsExactlyInAnyOrder(atLimitId, underLimitId);
      // The one under the limit is there at least once (a delivery whose visibility ran out before
      // its deletion is forwarded again: at least once), with its key alone; the one at the limit
      // exactly once, moved by the redrive policy as it was.
      List<Message> dead = peek(sqs, queues.deadLetterQueueUrl());
      List<Message> atLimitCopies = dead.stream().filter(m -> m.body().length() == LIMIT).toList();
      List<Message> underLimitCopies = dead.stream().filter(m -> m.body().length() != LIMIT).toList();
      assertThat(atLimitCopies).singleElement().satisfies(m -> {
        assertThat(m.body()).isEqualTo(atLimit);
        assertThat(m.messageId()).as("moved by the redrive policy, id and all").isEqualTo(atLimitId);
        assertThat(m.messageAttributes()).isEmpty();
        assertThat(Integer.parseInt(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
            .isGreaterThanOrEqualTo(MAX_RECEIVE_COUNT);
      });
      assertThat(underLimitCopies).isNotEmpty().allSatisfy(m -> {
        assertThat(m.body()).isEqualTo(underLimit);
        assertThat(m.messageAttributes()).containsOnlyKeys(DeadLetterAttributes.MESSAGE_ID);
        assertThat(m.messageAttributes().get(DeadLetterAttributes.MESSAGE_ID).stringValue()).isEqualTo(underLimitId);
      });
      // The one at the limit was sent with every attribute and with its key alone, once; its
      // redeliveries were answered from memory, not sent again.
      assertThat(refusedBodyLengths.stream().filter(length -> length == LIMIT)).hasSize(2);
    }
  }

  /** True while the runner runs; fails the test at once, with its last lines, when it has exited. */
  private static boolean alive(Runner runner) {
    if (!runner.isAlive()) {
      throw new AssertionError("the runner exited; it printed:\n" + tail(runner.output()));
    }
    return true;
  }

  /** A JSON body of exactly {@code bytes} bytes that the rules reject (it has no user_id). */
  private static String rejectedBody(int bytes) {
    String head = "{\"pad\":\"";
    String tail = "\"}";
    return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
  }

  private static String send(SqsClient sqs, String queueUrl, String body) {
    return sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)).messageId();
  }

  private static void send(SqsClient sqs, String queueUrl, List<String> bodies) {
    for (int from = 0; from < bodies.size(); from += 10) {
      List<String> chunk = bodies.subList(from, Math.min(bodies.size(), from + 10));
      List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
            .id(Integer.toString(i)).messageBody(chunk.get(i)).build());
      }
      assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
    }
  }

  private static long depth(SqsClient sqs, String queueUrl) {
    Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings(
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    return Long.parseLong(attributes.get("ApproximateNumberOfMessages"))
        + Long.parseLong(attributes.get("ApproximateNumberOfMessagesNotVisible"));
  }

  /** Every message of the queue, received and left there (visible again after a second). */
  private static List<Message> peek(SqsClient sqs, String queueUrl) {
    List<Message> messages = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(1)
          .waitTimeSeconds(1).messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages()) {
        if (seen.add(m.messageId())) {
          messages.add(m);
        }
      }
    }
    return messages;
  }

  private static long count(String jdbcUrl, String table) {
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> rejectionIds(String jdbcUrl) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery("SELECT message_id FROM user_logins_rejected")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static String tail(String output) {
    String[] lines = output.split("\\R");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 20), lines.length));
  }
}
