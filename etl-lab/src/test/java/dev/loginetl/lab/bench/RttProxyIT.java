package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.sqs.SqsSourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;

/** The real AWS SDK, through the delaying proxy, to a real SQS-compatible server (ElasticMQ). */
class RttProxyIT {
  @Test
  void carriesAnSqsRoundTripIntact() {
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
    try (RttProxy proxy = RttProxy.inFrontOf(endpoint, Duration.ofMillis(10))) {
      SqsClientConfig client = SqsClientConfig.defaults().withEndpoint(proxy.endpointFor(endpoint))
          .withRegion("us-east-1").withCredentials(SqsCredentials.local());
      String body = "{\"userId\":\"u-1\",\"note\":\"é ✓ " + "x".repeat(2_000) + "\"}";
      List<String> received = new ArrayList<>();
      try (SqsQueueAdmin admin = SqsQueueAdmin.open(client)) {
        String queue = admin.createQueue("rtt-proxy-it", Duration.ofSeconds(30));
        assertThat(admin.sender(queue).send(List.of(body, "second")).sent()).isEqualTo(2);
        try (SqsMessageSource source = SqsMessageSource.open(
            SqsSourceConfig.of(client, queue).withWaitTime(Duration.ofSeconds(1)))) {
          for (int polls = 0; received.size() < 2 && polls < 10; polls++) {
            List<ReceivedMessage> batch = source.receive(10);
            batch.forEach(m -> received.add(m.body()));
            source.acknowledge(batch);
          }
        }
        assertThat(admin.depth(queue).visible()).isZero();
      }
      assertThat(received).containsExactlyInAnyOrder(body, "second");
      assertThat(proxy.connections()).isPositive();
    } finally {
      server.stopAndWait();
    }
  }
}
