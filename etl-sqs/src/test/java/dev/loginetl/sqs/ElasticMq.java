package dev.loginetl.sqs;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process ElasticMQ for the whole test run, on a free loopback port, started by the first
 * test class that uses this extension and stopped when the run ends. Tests keep apart by giving
 * every test a queue of its own ({@link #uniqueQueueName}).
 */
public final class ElasticMq implements BeforeAllCallback {

  private static final AtomicInteger QUEUES = new AtomicInteger();
  private static volatile Server server;

  private record Server(SQSRestServer rest, URI endpoint) implements AutoCloseable {
    @Override
    public void close() {
      rest.stopAndWait();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(ElasticMq.class, k -> start(), Server.class);
  }

  private static synchronized Server start() {
    if (server == null) {
      SQSRestServer rest =
          SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
      int port = rest.waitUntilStarted().localAddress().getPort();
      server = new Server(rest, URI.create("http://127.0.0.1:" + port));
    }
    return server;
  }

  /** The running server's endpoint. */
  public static URI endpoint() {
    if (server == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(ElasticMq.class)");
    }
    return server.endpoint();
  }

  /** Client settings for the running server. */
  public static SqsClientConfig clientConfig() {
    return SqsClientConfig.defaults()
        .withEndpoint(endpoint())
        .withRegion("us-east-1")
        .withCredentials(SqsCredentials.local());
  }

  /** A queue name no other test uses. */
  public static String uniqueQueueName(String prefix) {
    return prefix + "-" + QUEUES.incrementAndGet() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
