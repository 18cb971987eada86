package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.job.RunnerConnections;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database connections a running runner holds, counted by the server, while it loads and while
 * many probes ask {@code /health} at once: never more than {@link RunnerConnections#perRunner}, the
 * count the Helm chart's connection budget assumes (deploy-checks' ConnectionBudgetTest).
 */
class ConnectionCountIT {
  private static final int WRITERS = 3;
  private static final int PROBES = 8;

  @TempDir Path dir;

  @Test
  void aLoadingRunnerProbedByManyClientsAtOnceHoldsNoMoreConnectionsThanTheChartCounts() throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl = Faults.queue(servers, "connections", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    int metricsPort = Runner.freePort();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/health"))
        .timeout(Duration.ofSeconds(5)).build();
    AtomicBoolean probing = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    ExecutorService probes = Executors.newFixedThreadPool(PROBES);
    try (Ledger ledger = new Ledger(servers, queueUrl);
        Runner runner = Runner.start(dir.resolve("run.log"),
            Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--writers", Integer.toString(WRITERS)), metricsPort)) {
      ledger.send(Logins.mixed("connections", 5_000, 50, Faults.random("connections")));
      for (int i = 0; i < PROBES; i++) {
        probes.execute(() -> {
          while (probing.get()) {
            try {
              http.send(health, HttpResponse.BodyHandlers.discarding());
              answered.incrementAndGet();
            } catch (Exception e) {
              if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
              }
              sleep(20); // not serving yet
            }
          }
        });
      }
      Faults.waitUntil(Duration.ofMinutes(1), "the runner answered /health", () -> answered.get() > 0 || !runner.isAlive());
      assertThat(runner.isAlive()).as("the runner is running").isTrue();

      List<Integer> samples = new ArrayList<>();
      try (Connection watcher = DriverManager.getConnection(jdbcUrl, "postgres", "");
          PreparedStatement count = watcher.prepareStatement(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (System.nanoTime() < end) {
          try (ResultSet rows = count.executeQuery()) {
            rows.next();
            samples.add(rows.getInt(1));
          }
        }
      }
      int answeredWhileCounting = answered.get();
      probing.set(false);

      int most = samples.stream().mapToInt(Integer::intValue).max().orElseThrow();
      System.out.printf("connections: %d samples, most %d, /health answered %d times%n",
          samples.size(), most, answeredWhileCounting);
      assertThat(answeredWhileCounting).as("/health was asked and answered throughout").isGreaterThan(PROBES);
      assertThat(most).as("connections the runner held at once").isLessThanOrEqualTo(RunnerConnections.perRunner(WRITERS));
      // Within the window, the partition upkeep's daily turn is not due: the pool and one health check.
      assertThat(most).as("connections beside the pool, however many probes ask /health")
          .isLessThanOrEqualTo(RunnerConnections.pool(WRITERS) + 1);
      assertThat(most).as("its pool is open").isGreaterThanOrEqualTo(RunnerConnections.pool(WRITERS));
    } finally {
      probing.set(false);
      probes.shutdownNow();
      probes.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
