package dev.loginetl.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.PipelineStatus;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.testkit.InMemoryQueue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPipelineCountsInPrometheusFormat() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics(registry, () -> new PipelineStatus(PipelineStatus.State.RUNNING, 7, 6, Set.of()));
    metrics.received(5);
    Instant now = Instant.now();
    metrics.committed(new BatchReport(3, Map.of(RejectReason.MISSING_FIELD, 1), 1, 0, Duration.ofMillis(12),
        List.of(now.minusMillis(300), now.minusMillis(200)), now));
    metrics.acknowledged(5);

    try (MetricsServer server = MetricsServer.start(0, registry, Map.of())) {
      HttpResponse<String> response = get(server, "/metrics");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains("loginetl_messages_received_total 5.0")
          .contains("loginetl_rows_loaded_total 3.0")
          .contains("loginetl_messages_rejected_total{reason=\"MISSING_FIELD\"} 1.0")
          .contains("loginetl_messages_duplicates_total 1.0")
          .contains("loginetl_messages_deleted_total 5.0")
          .contains("loginetl_messages_in_flight 7.0")
          .contains("loginetl_receivers 6.0")
          .contains("loginetl_latency_end_to_end_seconds_count 2");
    }
  }

  @Test
  void theInFlightGaugeOutlivesGarbageCollection() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    int[] inFlight = {42};
    new PipelineMetrics(registry, () -> new PipelineStatus(PipelineStatus.State.RUNNING, inFlight[0], 4, Set.of()));
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    assertThat(registry.scrape()).contains("loginetl_messages_in_flight 42.0");
  }

  @Test
  void retryCountersAndOutageGaugesExistBeforeTheFirstFailureAndTheGaugeFollowsTheStatus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicReference<PipelineStatus> status = new AtomicReference<>();
    new PipelineMetrics(registry, status::get);

    String before = registry.scrape();
    assertThat(before)
        .contains("loginetl_retries_total{operation=\"write to the sink\"} 0.0")
        .contains("loginetl_retries_total{operation=\"receive from the queue\"} 0.0")
        .contains("loginetl_retrying{operation=\"write to the sink\"} 0.0")
        .contains("loginetl_messages_in_flight 0.0")
        .contains("loginetl_receivers 0.0");

    status.set(new PipelineStatus(PipelineStatus.State.RUNNING, 3, 9, Set.of("write to the sink")));
    assertThat(registry.scrape())
        .contains("loginetl_retrying{operation=\"write to the sink\"} 1.0")
        .contains("loginetl_retrying{operation=\"acknowledge to the queue\"} 0.0")
        .contains("loginetl_messages_in_flight 3.0")
        .contains("loginetl_receivers 9.0");
  }

  @Test
  void timesEachBatchDeleteAndNothingElse() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics(registry, () -> null);
    InMemoryQueue queue = new InMemoryQueue(Duration.ofSeconds(30));
    queue.send(List.of("a", "b"));
    MessageSource timed = metrics.timed(queue);

    var received = timed.receive(10);
    timed.acknowledge(received);
    timed.acknowledge(List.of());

    assertThat(queue.size()).isZero();
    assertThat(registry.scrape()).contains("loginetl_batch_delete_seconds_count 1");
  }

  @Test
  void bindsTheJvmHeapAndGcMeters() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (JvmMeters jvm = JvmMeters.bindTo(registry)) {
      assertThat(registry.scrape()).contains("jvm_memory_used_bytes{area=\"heap\"").contains("jvm_gc_")
          .contains("jvm_threads_live_threads").contains("process_cpu_usage");
    }
  }

  @Test
  void healthIsOkOnlyWhileEveryCheckPasses() throws Exception {
    AtomicReference<Optional<String>> database = new AtomicReference<>(Optional.empty());
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    checks.put("queue", Optional::empty);
    checks.put("database", database::get);

    // No interval: each probe runs the checks again.
    MetricsServer.Settings settings = MetricsServer.Settings.of("127.0.0.1", 0).withHealth(Duration.ZERO, Duration.ofSeconds(5));
    try (MetricsServer server = MetricsServer.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), checks,
        Map.of())) {
      assertThat(get(server, "/health").statusCode()).isEqualTo(200);

      database.set(Optional.of("PostgreSQL at db:5432 is unreachable (SQLSTATE 08001)"));
      HttpResponse<String> down = get(server, "/health");

      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).isEqualTo("database: PostgreSQL at db:5432 is unreachable (SQLSTATE 08001)\n");
    }
  }

  @Test
  void healthShowsAHealthyChecksNoteBelowOkWithoutFailing() throws Exception {
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    checks.put("queue", Optional::empty);
    checks.put("dead-letter queue", new HealthCheck() {
      @Override
      public Optional<String> problem() {
        return Optional.empty();
      }

      @Override
      public Optional<String> note() {
        return Optional.of("refused m-1 (BatchRequestTooLong): it stays on the source queue");
      }
    });
    MetricsServer.Settings settings = MetricsServer.Settings.of("127.0.0.1", 0).withHealth(Duration.ZERO, Duration.ofSeconds(5));
    try (MetricsServer server = MetricsServer.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), checks,
        Map.of())) {
      HttpResponse<String> health = get(server, "/health");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .isEqualTo("ok\ndead-letter queue: refused m-1 (BatchRequestTooLong): it stays on the source queue\n");
    }
  }
}
