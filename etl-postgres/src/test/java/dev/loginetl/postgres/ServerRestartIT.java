package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server stops in the middle of work and comes back on the same data directory and port:
 * writes in between fail as retryable, and once they are retried nothing is lost or stored twice.
 * Runs its own embedded server, whatever TEST_JDBC_URL says, since it must stop and start it.
 */
class ServerRestartIT {
  private static final int BATCHES = 30;
  private static final int BATCH_SIZE = 50;

  @TempDir Path dataDirectory;
  private int port;
  private EmbeddedPostgres server;
  private PostgresConfig config;
  private TestPostgres view;

  @BeforeEach
  void startServer() throws IOException {
    port = freePort();
    server = start();
    view = TestPostgres.of("restartable", "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    config = view.config("restart").withPoolSize(2).withConnectionTimeout(Duration.ofSeconds(1));
    PostgresSchema.migrate(config);
  }

  @AfterEach
  void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aWriteWhileTheServerIsDownFailsAsRetryableAndSucceedsWhenRetriedAfterItsRestart() throws IOException {
    List<LoginRow> before = rows("before", BATCH_SIZE);
    List<LoginRow> during = rows("during", BATCH_SIZE);
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      sink.write(before, List.of());

      server.close();
      server = null;
      assertThatThrownBy(() -> sink.write(during, List.of()))
          .isInstanceOf(RetryableEtlException.class)
          .hasMessageContaining("127.0.0.1:" + port);
      server = start();
      WriteResult retried = writeRetrying(sink, during, new AtomicInteger());
      WriteResult replayed = sink.write(before, List.of());

      assertThat(retried.alreadyPresent()).isEmpty();
      assertThat(replayed.alreadyPresent()).hasSize(BATCH_SIZE);
    }
    assertThat(view.rows("restart")).hasSize(2 * BATCH_SIZE);
  }

  @Test
  void aRestartDuringASteadyStreamOfWritesLosesAndDuplicatesNothing() throws Exception {
    AtomicInteger retryableFailures = new AtomicInteger();
    CountDownLatch someWritten = new CountDownLatch(5);
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> {
            for (int batch = 0; batch < BATCHES; batch++) {
              writeRetrying(sink, rows("b" + batch + "-", BATCH_SIZE), retryableFailures);
              someWritten.countDown();
            }
          });

      assertThat(someWritten.await(60, TimeUnit.SECONDS)).isTrue();
      server.close();
      server = null;
      waitUntil(() -> retryableFailures.get() > 0 || writer.isDone());
      server = start();
      writer.get(120, TimeUnit.SECONDS);
    }

    assertThat(retryableFailures.get()).as("writes that failed while the server was down").isPositive();
    Set<String> expected =
        IntStream.range(0, BATCHES).boxed()
            .flatMap(b -> rows("b" + b + "-", BATCH_SIZE).stream())
            .map(LoginRow::messageId)
            .collect(Collectors.toSet());
    assertThat(view.rows("restart").keySet()).isEqualTo(expected);
    assertThat(view.count("restart", "user_logins")).isEqualTo((long) BATCHES * BATCH_SIZE);
  }

  /** What the pipeline does: retry a retryable failure after a pause; anything else fails the test. */
  private static WriteResult writeRetrying(PostgresLoginSink sink, List<LoginRow> rows, AtomicInteger failures) {
    for (int attempt = 1; ; attempt++) {
      try {
        return sink.write(rows, List.of());
      } catch (RetryableEtlException e) {
        failures.incrementAndGet();
        if (attempt == 600) {
          throw e;
        }
        sleep(100);
      }
    }
  }

  private EmbeddedPostgres start() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setRegisterShutdownHook(true)
        .start();
  }

  private static List<LoginRow> rows(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new LoginRow(prefix + i, "user-" + i, "android", "h1:ip-" + i, "h1:dev-" + i, "RU",
            2_003_000, "2.3.0", LocalDate.of(2026, 11, 21)))
        .toList();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
