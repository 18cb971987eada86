package dev.loginetl.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus server ({@code prometheus} on the PATH, {@code /usr/bin/prometheus}) as a separate process, scraping one
 * target every second as job {@code loginetl}, with its storage and log in a test's directory, and
 * optionally loading rule files (it refuses to start when one is invalid). Queried through its HTTP
 * API.
 *
 * <p>Not thread-safe: one test drives it. {@link #close()} stops it and is idempotent.
 */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;
  private boolean closed;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The server, which must be installed: the test fails (never skips) when it is not, saying how to install it. */
  static Path executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("Prometheus is not installed, and this test evaluates the dashboard's queries on a real "
        + "Prometheus server: install Debian's prometheus (apt-get install -y prometheus), as .ci/run does");
  }

  /** Starts a server scraping {@code target} ({@code host:port}) every second, loading {@code ruleFiles}. */
  static PrometheusServer start(String target, List<Path> ruleFiles, Path dir) throws Exception {
    Path binary = executable();
    int port = Runner.freePort();
    StringBuilder config = new StringBuilder()
        .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
        .append("scrape_configs:\n  - job_name: loginetl\n    static_configs:\n      - targets: ['").append(target).append("']\n");
    if (!ruleFiles.isEmpty()) {
      config.append("rule_files:\n");
      for (Path file : ruleFiles) {
        config.append("  - '").append(file.toAbsolutePath()).append("'\n");
      }
    }
    Path configFile = dir.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, port, log);
    try {
      Faults.waitUntil(Duration.ofSeconds(30), "Prometheus is ready (see " + log + ")",
          () -> !process.isAlive() || server.status("/-/ready") == 200);
      if (!process.isAlive()) {
        throw new AssertionError("Prometheus exited at once with " + process.exitValue() + ": " + server.log());
      }
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /**
   * Evaluates {@code expr} now through {@code /api/v1/query}: the whole answer, {@code status}
   * "success" with its {@code data}, or "error" with {@code errorType} and {@code error}.
   */
  JsonNode query(String expr) throws Exception {
    return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
  }

  /** The rule groups loaded, from {@code /api/v1/rules}. */
  JsonNode ruleGroups() throws Exception {
    return get("/api/v1/rules").get("data").get("groups");
  }

  /** The values of {@code label} on the series of {@code metric}. */
  JsonNode labelValues(String label, String metric) throws Exception {
    return get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
  }

  /** What it logged. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
