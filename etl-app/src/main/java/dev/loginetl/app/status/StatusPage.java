package dev.loginetl.app.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.core.pipeline.PipelineStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runner's status page: {@code GET /} is one self-contained HTML page (its style and script
 * inline; it loads nothing else, so it works offline) that polls {@code GET /status.json} every
 * second and draws the throughput of the last minutes, the lag, what is in flight and being retried,
 * rejections by reason and the settings, secrets withheld.
 *
 * <p>What it serves holds counts, fixed sentences and settings, never a message or a value from
 * one. Thread-safe; it holds no thread or socket of its own: {@link #routes()} are served by the
 * metrics server.
 */
public final class StatusPage {
  private static final String RESOURCE = "status.html";
  /** The page allows itself nothing from elsewhere: its own inline style and script, and fetches to its origin. */
  private static final String POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
      + "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Supplier<PipelineStatus> status;
  private final PipelineMetrics metrics;
  private final ShownSettings settings;
  private final long startNanos = System.nanoTime();
  private final byte[] html;

  /**
   * A page for the pipeline whose status {@code status} gives (null before it has started) and
   * whose events {@code metrics} counts.
   */
  public StatusPage(Supplier<PipelineStatus> status, PipelineMetrics metrics, ShownSettings settings) {
    this.status = status;
    this.metrics = metrics;
    this.settings = settings;
    try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the status page " + RESOURCE + " is missing from the runner's jar");
      }
      html = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the status page could not be read from the runner's jar", e);
    }
  }

  /** What to serve, by path: {@code /} and {@code /status.json}. */
  public Map<String, HttpHandler> routes() {
    return Map.of(
        "/", exchange -> serve(exchange, "/", this::page),
        "/status.json", exchange -> serve(exchange, "/status.json", this::json));
  }

  private static void serve(HttpExchange exchange, String path, HttpHandler handler) throws IOException {
    String method = exchange.getRequestMethod();
    if (!exchange.getRequestURI().getPath().equals(path)) {
      // A context also receives every longer path under it; "/" receives all that nothing else serves.
      respond(exchange, 404, "text/plain; charset=utf-8", "not found: try /, /status.json, /metrics or /health\n");
    } else if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      respond(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
    } else {
      handler.handle(exchange);
    }
  }

  private void page(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
    respond(exchange, 200, "text/html; charset=utf-8", html);
  }

  private void json(HttpExchange exchange) throws IOException {
    byte[] body = StatusJson.write(status.get(), metrics, settings, Duration.ofNanos(System.nanoTime() - startNanos));
    respond(exchange, 200, "application/json", body);
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    respond(exchange, code, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
