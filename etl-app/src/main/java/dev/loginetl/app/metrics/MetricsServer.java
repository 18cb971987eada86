package dev.loginetl.app.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Serves {@code GET /metrics} (Prometheus text format) and {@code GET /health} (200 with {@code
 * ok} when every check passes, 503 with one line per failing check otherwise) on one port, and
 * whatever other pages it is given (the status page). {@code HEAD} gets the headers a {@code GET}
 * would, {@code Content-Length} among them, and no body; other methods get 405.
 *
 * <p><b>Slow clients.</b> Exchanges run on a bounded pool of threads, each under a deadline that
 * covers reading the request and writing the response ({@link ExchangeExecutor}): a client that
 * stalls mid-request holds one thread until the deadline, and clients that stall on every thread
 * have further connections closed, not queued. The health checks run on a thread of their own, at
 * most once per interval, their result shared by every probe in between ({@link SharedHealth}), so a
 * slow database or queue never holds a thread that serves {@code /metrics}.
 *
 * <p>{@link #close()} stops the server and its threads; idempotent.
 */
public final class MetricsServer implements AutoCloseable {
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  /** Connections accepted by the kernel and not yet by the server. */
  private static final int BACKLOG = 64;

  /**
   * Where the server listens and the bounds it keeps. Immutable.
   *
   * @param host the address or host name to listen on; null for every interface
   * @param port the TCP port; 0 picks a free one
   * @param threads the most exchanges served at once, at least 2
   * @param exchangeTimeout how long one exchange may take, reading the request and writing the
   *     response included; past it the connection is closed
   * @param healthInterval the least time between two runs of the health checks; zero for none
   * @param healthWait how long {@code /health} waits for checks in progress before it answers 503
   *     naming the check that has not answered
   */
  public record Settings(String host, int port, int threads, Duration exchangeTimeout, Duration healthInterval,
      Duration healthWait) {
    /** The most exchanges at once: far more than Prometheus and the kubelet's probes make. */
    public static final int THREADS = 64;
    /** As Prometheus' default scrape timeout: no honest client of this server needs longer. */
    public static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(10);
    /** At most one call to the database and one to the queue per 5 s, however many probes come. */
    public static final Duration HEALTH_INTERVAL = Duration.ofSeconds(5);
    /** Below the Helm chart's probe timeout (5 s), so that a probe gets the reason, not a timeout. */
    public static final Duration HEALTH_WAIT = Duration.ofSeconds(4);

    public Settings {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("the metrics port is " + port + ": it must be a TCP port, 0 to 65535");
      }
      if (threads < 2) {
        throw new IllegalArgumentException("the metrics server needs at least 2 threads, was given " + threads);
      }
      requireNonNull(exchangeTimeout, "exchangeTimeout");
      requireNonNull(healthInterval, "healthInterval");
      requireNonNull(healthWait, "healthWait");
      if (exchangeTimeout.isNegative() || exchangeTimeout.isZero() || healthWait.isNegative() || healthWait.isZero()
          || healthInterval.isNegative()) {
        throw new IllegalArgumentException("the metrics server's timeouts must be positive and its health interval "
            + "zero or more");
      }
    }

    /** {@code port} on {@code host} (null for every interface), with the bounds above. */
    public static Settings of(String host, int port) {
      return new Settings(host, port, THREADS, EXCHANGE_TIMEOUT, HEALTH_INTERVAL, HEALTH_WAIT);
    }

    /** These settings with {@code threads} and {@code exchangeTimeout} instead of theirs. */
    public Settings withExchanges(int threads, Duration exchangeTimeout) {
      return new Settings(host, port, threads, exchangeTimeout, healthInterval, healthWait);
    }

    /** These settings with {@code healthInterval} and {@code healthWait} instead of theirs. */
    public Settings withHealth(Duration healthInterval, Duration healthWait) {
      return new Settings(host, port, threads, exchangeTimeout, healthInterval, healthWait);
    }
  }

  private final HttpServer server;
  private final ExchangeExecutor executor;
  private final SharedHealth health;
  private boolean closed;

  private MetricsServer(HttpServer server, ExchangeExecutor executor, SharedHealth health) {
    this.server = server;
    this.executor = executor;
    this.health = health;
  }

  /**
   * Starts serving on {@code port} of every interface (0 picks a free port), with the default bounds.
   *
   * @param checks named checks, asked in order for {@code /health}
   */
  public static MetricsServer start(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> checks) {
    return start(Settings.of(null, port), registry, checks, Map.of());
  }

  /**
   * As {@link #start(int, PrometheusMeterRegistry, Map)}, also serving {@code pages}: a handler by
   * path, where {@code "/"} also receives every path nothing else serves.
   */
  public static MetricsServer start(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> checks,
      Map<String, HttpHandler> pages) {
    return start(Settings.of(null, port), registry, checks, pages);
  }

  /**
   * Starts serving as {@code settings} say: {@code /metrics}, {@code /health} (its checks asked in
   * order) and {@code pages}, a handler by path, where {@code "/"} also receives every path nothing
   * else serves.
   *
   * @throws UncheckedIOException when it cannot listen there (the port is taken, the address is not
   *     this machine's)
   */
  public static MetricsServer start(Settings settings, PrometheusMeterRegistry registry,
      Map<String, HealthCheck> checks, Map<String, HttpHandler> pages) {
    InetSocketAddress address = settings.host() == null ? new InetSocketAddress(settings.port())
        : new InetSocketAddress(settings.host(), settings.port());
    HttpServer server;
    try {
      server = HttpServer.create(address, BACKLOG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + (settings.host() == null ? "port " : settings.host() + ":")
          + settings.port() + " for metrics: " + e.getMessage(), e);
    }
    ExchangeExecutor executor = new ExchangeExecutor(settings.threads(), settings.exchangeTimeout());
    SharedHealth health = new SharedHealth(checks, settings.healthInterval(), settings.healthWait());
    server.setExecutor(executor);
    server.createContext("/metrics",
        exchange -> serve(exchange, "/metrics", () -> new Response(200, PROMETHEUS_TEXT, registry.scrape())));
    server.createContext("/health", exchange -> serve(exchange, "/health", () -> {
      Optional<String> problems;
      try {
        problems = health.problems();
      } catch (InterruptedException e) {
        // The exchange's deadline: its connection is closed.
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the health checks ran");
      }
      return problems.map(p -> new Response(503, TEXT, p))
          .orElseGet(() -> new Response(200, TEXT, "ok\n" + health.notes()));
    }));
    pages.forEach(server::createContext);
    server.start();
    return new MetricsServer(server, executor, health);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** What one of the server's own paths answers. */
  private record Response(int status, String contentType, String body) {}

  @FunctionalInterface
  private interface Page {
    Response get() throws IOException;
  }

  private static void serve(HttpExchange exchange, String path, Page page) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals(path)) {
        // A context also receives every longer path under it.
        respond(exchange, new Response(404, TEXT, "not found: try /, /status.json, /metrics or /health\n"));
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, new Response(405, TEXT, "only GET and HEAD\n"));
      } else {
        respond(exchange, page.get());
      }
    }
  }

  private static void respond(HttpExchange exchange, Response response) throws IOException {
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    headers.set("Cache-Control", "no-store");
    if (exchange.getRequestMethod().equals("HEAD")) {
      // The headers a GET gets, its length among them, and no body (RFC 9110, 9.3.2). The JDK's
      // server sends a length set here as it is, and no body for the -1.
      headers.set("Content-Length", Integer.toString(bytes.length));
      exchange.sendResponseHeaders(response.status(), -1);
    } else {
      // 0 would ask the JDK's server for a chunked body; -1 is an empty one.
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.stop(0);
      executor.close();
      health.close();
    }
  }
}
