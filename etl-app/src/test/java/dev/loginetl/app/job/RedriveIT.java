package dev.loginetl.app.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loginetl.app.testing.SqsProxy;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import dev.loginetl.sqs.SqsQueueAdmin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code redrive} following SQS's move task on a real ElasticMQ, through a proxy that changes what
 * {@code ListMessageMoveTasks} answers: a listing that misses the task once, and a server that, as
 * AWS does, names only running tasks by their handle, with a clock an hour behind the runner's.
 */
class RedriveIT {
  private static final int MESSAGES = 8;
  /** Slow enough that the task runs over several polls. */
  private static final int RATE = 2;
  /** How long the task may be missing from the list; several polls. */
  private static final long UNSEEN_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final AtomicInteger QUEUES = new AtomicInteger();

  private static SQSRestServer elasticMq;
  private static URI direct;

  @BeforeAll
  static void startElasticMq() {
    elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    direct = URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort());
  }

  @AfterAll
  static void stopElasticMq() {
    elasticMq.stopAndWait();
  }

  @Test
  void followsAMoveTaskThatOneListingMissesAfterTheUnseenWindow() throws Exception {
    AtomicInteger listings = new AtomicInteger();
    SqsProxy.Rule missesItOnce = new SqsProxy.Rule() {
      @Override
      public String rewrite(SqsProxy.Call call, String response) {
        // Listings come every half second: the fifth is past the unseen window since the start.
        if (call.operation().equals("ListMessageMoveTasks") && listings.incrementAndGet() == 6) {
          ObjectNode answer = (ObjectNode) SqsProxy.parse(response);
          answer.putArray("Results");
          return answer.toString();
        }
        return response;
      }
    };

    Outcome outcome = redrive(missesItOnce);

    assertThat(listings.get()).as("listings").isGreaterThan(6);
    assertThat(outcome.result().failed()).isFalse();
    assertThat(outcome.result().moved()).isEqualTo(MESSAGES);
    assertThat(outcome.queueVisible()).isEqualTo(MESSAGES);
    assertThat(outcome.printed()).contains("the move task ended COMPLETED");
  }

  @Test
  void findsTheFinishedTaskByWhatTheServerSaidOfItNotByTheLocalClock() throws Exception {
    long hour = TimeUnit.HOURS.toMillis(1);
    SqsProxy.Rule awsWithAClockBehind = new SqsProxy.Rule() {
      @Override
      public String rewrite(SqsProxy.Call call, String response) {
        if (!call.operation().equals("ListMessageMoveTasks")) {
          return response;
        }
        ObjectNode answer = (ObjectNode) SqsProxy.parse(response);
        for (JsonNode entry : (ArrayNode) answer.path("Results")) {
          ObjectNode task = (ObjectNode) entry;
          if (!"RUNNING".equals(task.path("Status").asText())) {
            task.remove("TaskHandle");
          }
          task.put("StartedTimestamp", task.path("StartedTimestamp").asLong() - hour);
        }
        return answer.toString();
      }
    };

    Outcome outcome = redrive(awsWithAClockBehind);

    assertThat(outcome.result().failed()).isFalse();
    assertThat(outcome.result().moved()).isEqualTo(MESSAGES);
    assertThat(outcome.queueVisible()).isEqualTo(MESSAGES);
    assertThat(outcome.printed()).contains("the move task ended COMPLETED");
  }

  /** What a redrive through a proxy with {@code rule} did. */
  private record Outcome(Redrive.Result result, long queueVisible, String printed) {}

  private static Outcome redrive(SqsProxy.Rule rule) throws InterruptedException {
    String name = "redrive-" + QUEUES.incrementAndGet();
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(client(direct))) {
      String dlq = admin.createQueue(name + "-dlq", Duration.ofSeconds(30));
      String queue = admin.createQueue(name, Duration.ofSeconds(30));
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        bodies.add("{\"user_id\":\"u-" + i + "\"}");
      }
      assertThat(admin.sender(dlq).send(bodies).sent()).isEqualTo(MESSAGES);

      StringWriter printed = new StringWriter();
      Redrive.Result result;
      try (SqsProxy proxy = SqsProxy.start(direct, rule)) {
        Redrive redrive = new Redrive(client(proxy.endpoint()), dlq, queue,
            new Redrive.Settings(Redrive.Method.MOVE_TASK, RATE, null), new PrintWriter(printed, true), UNSEEN_NANOS);
        result = redrive.run(() -> false);
      }
      return new Outcome(result, admin.depth(queue).visible(), printed.toString());
    }
  }

  private static SqsClientConfig client(URI endpoint) {
    return SqsClientConfig.defaults().withEndpoint(endpoint).withRegion("us-east-1")
        .withCredentials(SqsCredentials.local());
  }
}
