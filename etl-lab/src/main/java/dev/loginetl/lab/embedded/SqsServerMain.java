package dev.loginetl.lab.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.LoggerFactory;

/**
 * ElasticMQ alone, in a JVM of its own, for {@code bench --isolate}: {@code java -cp loginetl-lab.jar
 * dev.loginetl.lab.embedded.SqsServerMain [PORT]} listens on 127.0.0.1 (PORT, or a free port when
 * absent or 0), prints {@value #READY}{@code PORT} on a line of standard output once it accepts
 * requests, and runs until its standard input closes (its parent ended) or it is killed.
 */
public final class SqsServerMain {
  /** What the line announcing the port starts with. */
  public static final String READY = "loginetl-sqs-server listening on port ";

  private SqsServerMain() {}

  public static void main(String[] args) throws IOException {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    SQSRestServer server = port == 0
        ? SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start()
        : SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
    int actual = server.waitUntilStarted().localAddress().getPort();
    System.out.println(READY + actual);
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // Nothing to read: the parent keeps the pipe open while it needs the server.
      }
    } finally {
      server.stopAndWait();
    }
    System.exit(0);
  }
}
