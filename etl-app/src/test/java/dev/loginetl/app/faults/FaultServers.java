package dev.loginetl.app.faults;

import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;

/**
 * A real SQS-compatible server (ElasticMQ) and a real PostgreSQL (zonky's binaries), in this JVM,
 * each of which a test can stop and start again on the same port.
 *
 * <p>Stopping the queue stops ElasticMQ's HTTP server: the port refuses connections, in-flight
 * requests are cut, exactly what a client sees when SQS is unreachable. The queues themselves live
 * in ElasticMQ's queue manager (an actor this class owns and hands to each new HTTP server), so
 * they and their messages, with their visibility state, survive the restart, as SQS's own storage
 * survives an endpoint outage. (A plain in-memory ElasticMQ restart would lose every message, which
 * would test ElasticMQ, not the runner.)
 *
 * <p>Stopping the database stops the PostgreSQL server ({@code pg_ctl stop}); it starts again on
 * the same data directory and port, with what it had committed.
 *
 * <p>Not thread-safe: one test drives it. {@link #close()} stops both and is idempotent.
 */
final class FaultServers implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static FaultServers shared;

  private final ActorSystem actors;
  private final ActorRef queues;
  private final int sqsPort;
  private final Path dataDirectory;
  private final int postgresPort;
  private SQSRestServer sqs;
  private EmbeddedPostgres postgres;
  private boolean closed;

  private FaultServers() throws IOException {
    actors = ActorSystem.create("fault-sqs");
    queues = actors.actorOf(Props.create(QueueManagerActor.class,
        () -> new QueueManagerActor(new NowProvider(), SQSRestServerBuilder.sqsLimits(), Option.empty())));
    sqs = builder().withDynamicPort().start();
    sqsPort = sqs.waitUntilStarted().localAddress().getPort();
    dataDirectory = Files.createTempDirectory("loginetl-faults-pg");
    // Not "clean": zonky would delete the data directory on every stop, and the restart needs it.
    postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
        .setRegisterShutdownHook(true).start();
    postgresPort = postgres.getPort();
  }

  /** New servers, for a test that stops them. */
  static FaultServers start() {
    try {
      return new FaultServers();
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded servers did not start", e);
    }
  }

  /** Servers shared by the tests of this JVM that do not stop them; closed when the JVM exits. */
  static synchronized FaultServers shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "fault-servers-stop"));
    }
    return shared;
  }

  URI sqsEndpoint() {
    return URI.create("http://127.0.0.1:" + sqsPort);
  }

  SqsClientConfig sqsClient() {
    return SqsClientConfig.defaults().withEndpoint(sqsEndpoint()).withRegion("us-east-1")
        .withCredentials(SqsCredentials.local());
  }

  /** A new database with the loader's schema; each test takes its own. Its JDBC URL. */
  String newDatabase() {
    String name = "faults_" + DATABASES.incrementAndGet();
    try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    String url = jdbcUrl(name);
    PostgresSchema.migrate(PostgresConfig.of(url, "postgres", Password.none()));
    return url;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
  }

  /** Stops the queue's HTTP server: connections are refused until {@link #startQueue()}. */
  void stopQueue() {
    sqs.stopAndWait();
    sqs = null;
  }

  void startQueue() {
    sqs = builder().withPort(sqsPort).start();
    sqs.waitUntilStarted();
  }

  /** Stops PostgreSQL; what it committed is kept for {@link #startDatabase()}. */
  void stopDatabase() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    postgres = null;
  }

  void startDatabase() {
    try {
      postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
          .setPort(postgresPort).setRegisterShutdownHook(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start again", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (sqs != null) {
        sqs.stopAndWait();
      }
      actors.terminate();
    } finally {
      if (postgres != null) {
        try {
          postgres.close();
        } catch (IOException e) {
          // stopping is best effort here; the data directory is removed below either way
        }
      }
      deleteTree(dataDirectory);
    }
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is no test failure
    }
  }

  private org.elasticmq.rest.sqs.TheSQSRestServerBuilder builder() {
    return SQSRestServerBuilder.withActorSystem(actors).withQueueManagerActor(queues).withInterface("127.0.0.1");
  }
}
