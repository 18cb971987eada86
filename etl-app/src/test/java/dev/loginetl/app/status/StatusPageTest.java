package dev.loginetl.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.app.metrics.MetricsServer;
import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.PipelineStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<PipelineStatus> status = new AtomicReference<>();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics metrics = new PipelineMetrics(registry, status::get);
  private final ShownSettings settings = new ShownSettings(List.of(
      new ShownSettings.Entry("batch size", "500"), new ShownSettings.Entry("database password", "***")));

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private MetricsServer start() {
    return MetricsServer.start(0, registry, Map.of(), new StatusPage(status::get, metrics, settings).routes());
  }

  @Test
  void servesOneSelfContainedPageThatLoadsNothingFromElsewhere() throws Exception {
    try (MetricsServer server = start()) {
      HttpResponse<String> page = get(server, "/");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
          .startsWith("default-src 'none'").contains("connect-src 'self'");
      assertThat(page.body()).contains("<svg id=\"chart\"").contains("fetch(\"status.json\"");
      // Nothing fetched from another origin: every src or href is inline or relative, and no
      // stylesheet or script is linked at all.
      List<String> references = new ArrayList<>();
      Matcher m = Pattern.compile("(?:src|href)\\s*=\\s*[\"']([^\"']*)").matcher(page.body());
      while (m.find()) {
        references.add(m.group(1));
      }
      assertThat(references).isEmpty();
      assertThat(page.body()).doesNotContain("<link").doesNotContain("@import").doesNotContain("url(");
    }
  }

  @Test
  void statusJsonCarriesCountsLagThroughputReasonsWithSentencesAndSettings() throws Exception {
    status.set(new PipelineStatus(PipelineStatus.State.RUNNING, 42, 4, Set.of("write to the sink")));
    metrics.received(120);
    Instant now = Instant.now();
    metrics.committed(new BatchReport(100, Map.of(RejectReason.NOT_JSON, 3, RejectReason.TOO_LONG, 1), 2, 0,
        Duration.ofMillis(20), List.of(now.minusMillis(1500), now.minusMillis(900)), now));
    metrics.acknowledged(106);

    try (MetricsServer server = start()) {
      HttpResponse<String> response = get(server, "/status.json");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode json = JSON.readTree(response.body());
      assertThat(json.get("state").asText()).isEqualTo("RUNNING");
      assertThat(json.get("healthy").asBoolean()).isFalse();
      assertThat(json.get("retrying").get(0).asText()).isEqualTo("write to the sink");
      assertThat(json.get("inFlight").asInt()).isEqualTo(42);
      JsonNode totals = json.get("totals");
      assertThat(List.of(totals.get("received").asLong(), totals.get("loaded").asLong(), totals.get("rejected").asLong(),
          totals.get("duplicates").asLong(), totals.get("deleted").asLong())).containsExactly(120L, 100L, 4L, 2L, 106L);
      assertThat(json.get("lag").get("committed").asLong()).isEqualTo(2);
      assertThat(json.get("lag").get("lastMs").asLong()).isEqualTo(900);
      assertThat(json.get("lag").get("maxMs").asLong()).isEqualTo(1500);
      assertThat(json.get("throughput").get("bucketSeconds").asInt()).isEqualTo(1);
      JsonNode reasons = json.get("rejections");
      assertThat(reasons).hasSize(RejectReason.values().length);
      assertThat(reasons.get(0).get("reason").asText()).isEqualTo("NOT_JSON");
      assertThat(reasons.get(0).get("count").asLong()).isEqualTo(3);
      assertThat(reasons.get(0).get("sentence").asText()).isEqualTo(RejectSentences.of(RejectReason.NOT_JSON));
      assertThat(json.get("settings").get(1).get("value").asText()).isEqualTo("***");
    }
  }

  @Test
  void everyReasonHasItsOwnSentence() {
    Set<String> sentences = new java.util.HashSet<>();
    for (RejectReason reason : RejectReason.values()) {
      assertThat(RejectSentences.of(reason)).isNotBlank().endsWith(".");
      sentences.add(RejectSentences.of(reason));
    }
    assertThat(sentences).hasSize(RejectReason.values().length);
  }

  @Test
  void answersBeforeThePipelineHasStarted() throws Exception {
    try (MetricsServer server = start()) {
      JsonNode json = JSON.readTree(get(server, "/status.json").body());

      assertThat(json.get("state").asText()).isEqualTo("STARTING");
      assertThat(json.get("lag").get("lastMs").isNull()).isTrue();
    }
  }

  @Test
  void otherPathsAreNotFoundAndOnlyGetIsAnswered() throws Exception {
    try (MetricsServer server = start()) {
      assertThat(get(server, "/nothing-here").statusCode()).isEqualTo(404);
      assertThat(get(server, "/status.json/more").statusCode()).isEqualTo(404);
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }
}
