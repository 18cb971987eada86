package dev.loginetl.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The start-up check's errors: one sentence naming cause and fix. Missing queues against
 * ElasticMQ; a closed port and an endpoint answering like a query-protocol-only server (LocalStack
 * before 3.0) are simulated on the loopback interface, to check the translation deterministically.
 */
@ExtendWith(ElasticMq.class)
class SqsStartupErrorsIT {

  /** What LocalStack 2.x answers to a JSON-protocol SQS request. */
  private static final String LEGACY_ERROR =
      "<?xml version='1.0' encoding='utf-8'?>\n"
          + "<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error>"
          + "<Code>InternalError</Code><Message>exception while calling sqs with unknown operation:"
          + " Operation detection failed. Missing Action in request for query-protocol service"
          + " ServiceModel(sqs).</Message></Error><RequestId>R1</RequestId></ErrorResponse>";

  private static SqsClientConfig clientAt(URI endpoint) {
    return SqsClientConfig.defaults()
        .withEndpoint(endpoint)
        .withRegion("us-east-1")
        .withCredentials(SqsCredentials.local());
  }

  @Test
  void openFailsWithAClearSentenceWhenTheQueueNameDoesNotExist() {
    assertThatThrownBy(() -> SqsMessageSource.open(
            SqsSourceConfig.of(ElasticMq.clientConfig(), "no-such-queue")))
        .isExactlyInstanceOf(EtlException.class)
        .hasMessage("The SQS queue 'no-such-queue' does not exist at " + ElasticMq.endpoint()
            + "; create it, or fix the queue name or URL.");
  }

  @Test
  void openFailsWithAClearSentenceWhenTheQueueUrlDoesNotExist() {
    String url = ElasticMq.endpoint() + "/000000000000/gone-queue";
    assertThatThrownBy(() -> SqsMessageSource.open(SqsSourceConfig.of(ElasticMq.clientConfig(), url)))
        .isExactlyInstanceOf(EtlException.class)
        .hasMessageContaining("queue 'gone-queue' does not exist")
        .hasMessageContaining("create it, or fix the queue name or URL");
  }

  @Test
  void openFailsRetryablyWhenNothingListensAtTheEndpoint() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);

    assertThatThrownBy(() -> SqsMessageSource.open(SqsSourceConfig.of(clientAt(endpoint), "logins")))
        .isInstanceOf(RetryableEtlException.class)
        .hasMessageStartingWith("Nothing answers at the SQS endpoint " + endpoint
            + " (connection refused)")
        .hasMessageContaining("start the SQS server")
        .hasMessageContaining("AWS_ENDPOINT_URL_SQS");
  }

  @Test
  void openExplainsAnEndpointThatSpeaksOnlyTheLegacyQueryProtocol() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer legacy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    legacy.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      byte[] body = LEGACY_ERROR.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(500, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    legacy.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + legacy.getAddress().getPort());

      assertThatThrownBy(() -> SqsMessageSource.open(SqsSourceConfig.of(clientAt(endpoint), "logins")))
          .isExactlyInstanceOf(EtlException.class)
          .hasMessageContaining(endpoint.toString())
          .hasMessageContaining("legacy XML query protocol")
          .hasMessageContaining("upgrade LocalStack to 3.0 or later, or use ElasticMQ")
          .hasMessageNotContaining("500");
      assertThat(requests).as("the endpoint was really asked").hasPositiveValue();
    } finally {
      legacy.stop(0);
    }
  }

  @Test
  void errorsNeverCarryTheMessageBody() {
    String url = ElasticMq.endpoint() + "/000000000000/missing-for-send";
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(ElasticMq.clientConfig())) {
      SqsSender sender = admin.sender(url);
      assertThatThrownBy(() -> sender.send(List.of("{\"ip\":\"203.0.113.77\"}")))
          .isInstanceOf(EtlException.class)
          .hasMessageContaining("does not exist")
          .hasMessageNotContaining("203.0.113.77");
    }
  }
}
