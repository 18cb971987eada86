package dev.loginetl.lab.embedded;

import dev.loginetl.core.EtlException;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * A real SQS-compatible server (ElasticMQ) and a real PostgreSQL (zonky's embedded binaries), both
 * in this process on free loopback ports, for the demo, the benchmark and the tests. Nothing
 * outlives {@link #close()}; data is kept only in memory and a temporary directory.
 */
public final class EmbeddedServers implements AutoCloseable {
  private final SQSRestServer sqs;
  private final URI sqsEndpoint;
  private final EmbeddedPostgres postgres;
  private boolean closed;

  private EmbeddedServers(SQSRestServer sqs, URI sqsEndpoint, EmbeddedPostgres postgres) {
    this.sqs = sqs;
    this.sqsEndpoint = sqsEndpoint;
    this.postgres = postgres;
  }

  /** Starts both servers (a few seconds). */
  public static EmbeddedServers start() {
    SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = sqs.waitUntilStarted().localAddress().getPort();
    EmbeddedPostgres postgres;
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      sqs.stopAndWait();
      throw new EtlException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
    }
    return new EmbeddedServers(sqs, URI.create("http://127.0.0.1:" + port), postgres);
  }

  /** The SQS endpoint, e.g. {@code http://127.0.0.1:43123}. */
  public URI sqsEndpoint() {
    return sqsEndpoint;
  }

  /** Client settings for the embedded SQS server. */
  public SqsClientConfig sqsClient() {
    return SqsClientConfig.defaults().withEndpoint(sqsEndpoint).withRegion("us-east-1")
        .withCredentials(SqsCredentials.local());
  }

  /** The embedded PostgreSQL's port. */
  public int postgresPort() {
    return postgres.getPort();
  }

  /** The JDBC URL of the embedded PostgreSQL's {@code postgres} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** Settings for the embedded PostgreSQL (user postgres, no password). */
  public PostgresConfig database(int connections) {
    return PostgresConfig.of(jdbcUrl(), "postgres", Password.none()).withPoolSize(connections);
  }

  /** Stops both servers. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      sqs.stopAndWait();
    } finally {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new EtlException("could not stop the embedded PostgreSQL cleanly: " + e.getMessage(), e);
      }
    }
  }
}
