package dev.loginetl.app.metrics;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} (Prometheus text format) and {@code GET /health} (200 with {@code
 * ok} when every check passes, 503 with one line per failing check otherwise) on one port, and
 * whatever other pages it is given (the status page).
 *
 * <p>{@link #close()} stops the server; idempotent.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private boolean closed;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code port} of every interface (0 picks a free port).
   *
   * @param checks named checks, asked in order for every {@code /health}
   */
  public static MetricsServer start(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> checks) {
    return start(port, registry, checks, Map.of());
  }

  /**
   * As {@link #start(int, PrometheusMeterRegistry, Map)}, also serving {@code pages}: a handler by
   * path, where {@code "/"} also receives every path nothing else serves.
   */
  public static MetricsServer start(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> checks,
      Map<String, HttpHandler> pages) {
    Map<String, HealthCheck> ordered = new LinkedHashMap<>(checks);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for metrics: " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2,
        new ThreadFactoryBuilder().setNameFormat("loginetl-metrics").setDaemon(true).build());
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/health", exchange -> {
      StringBuilder problems = new StringBuilder();
      ordered.forEach((name, check) -> {
        Optional<String> problem;
        try {
          problem = check.problem();
        } catch (RuntimeException e) {
          problem = Optional.of("the check failed: " + e.getClass().getSimpleName());
        }
        problem.ifPresent(p -> problems.append(name).append(": ").append(p).append('\n'));
      });
      if (problems.length() == 0) {
        respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
      } else {
        respond(exchange, 503, "text/plain; charset=utf-8", problems.toString());
      }
    });
    pages.forEach(server::createContext);
    server.start();
    return new MetricsServer(server, executor);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
