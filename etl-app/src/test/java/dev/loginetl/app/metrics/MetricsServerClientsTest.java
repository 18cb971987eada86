package dev.loginetl.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics server against clients that stall, probe at once, or ask with HEAD: real sockets on
 * the loopback interface. "Within a second" is the HTTP client's own timeout, not a measured time.
 */
class MetricsServerClientsTest {
  /** A request cut off after its first header, as a client that stalls sends it. */
  private static final String HALF_A_REQUEST = "GET /health HTTP/1.1\r\nHost: probe\r\n";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<Socket> sockets = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeSockets() throws IOException {
    release.countDown();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return send(server, path, "GET");
  }

  private HttpResponse<String> send(MetricsServer server, String path, String method) throws Exception {
    return send(server, path, method, Duration.ofSeconds(1));
  }

  private HttpResponse<String> send(MetricsServer server, String path, String method, Duration timeout)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A connection that has sent {@code text} and then nothing more. */
  private Socket connect(MetricsServer server, String text) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    sockets.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  @Test
  void answersHealthAndMetricsWithinASecondWhileTwentyClientsStallMidRequest() throws Exception {
    try (MetricsServer server = MetricsServer.start(0, registry, Map.of("queue", Optional::empty))) {
      for (int i = 0; i < 20; i++) {
        connect(server, HALF_A_REQUEST);
      }
      // Time for the server to take the stalled requests up, as it would from clients that stall.
      Thread.sleep(500);

      HttpResponse<String> health = get(server, "/health");
      HttpResponse<String> metrics = get(server, "/metrics");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok\n");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }
  }

  @Test
  void closesAConnectionThatStallsMidRequestAtTheExchangeTimeout() throws Exception {
    MetricsServer.Settings settings = MetricsServer.Settings.of("127.0.0.1", 0).withExchanges(4, Duration.ofSeconds(1));
    try (MetricsServer server = MetricsServer.start(settings, registry, Map.of(), Map.of())) {
      Socket socket = connect(server, HALF_A_REQUEST);
      // Far longer than the timeout: a read that is still waiting then means the server never closed it.
      socket.setSoTimeout(30_000);

      assertThat(closedUnanswered(socket.getInputStream())).as("the server closed the stalled connection").isTrue();
      assertThat(get(server, "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closesConnectionsBeyondItsThreadsInsteadOfQueueingThem() throws Exception {
    MetricsServer.Settings settings = MetricsServer.Settings.of("127.0.0.1", 0).withExchanges(2, Duration.ofMinutes(1));
    try (MetricsServer server = MetricsServer.start(settings, registry, Map.of(), Map.of())) {
      connect(server, HALF_A_REQUEST);
      connect(server, HALF_A_REQUEST);
      // Time for the server to take the stalled requests up on both its threads.
      Thread.sleep(1_000);

      Socket third = connect(server, "GET /metrics HTTP/1.1\r\nHost: probe\r\n\r\n");
      third.setSoTimeout(30_000);

      assertThat(closedUnanswered(third.getInputStream())).as("the third connection was closed").isTrue();
    }
  }

  @Test
  void answersHeadWithTheHeadersOfAGetAndNoBody() throws Exception {
    try (MetricsServer server = MetricsServer.start(0, registry, Map.of("queue", Optional::empty))) {
      Socket socket = connect(server, "HEAD /health HTTP/1.1\r\nHost: probe\r\n\r\n");
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();

      String head = headerBlock(in);
      // The same connection's next request: had a body followed the HEAD's headers, it would come first.
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: probe\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String next = headerBlock(in);

      assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("\r\ncontent-length: 3\r\n")
          .containsIgnoringCase("\r\ncontent-type: text/plain; charset=utf-8\r\n");
      assertThat(next).startsWith("HTTP/1.1 200 ").containsIgnoringCase("\r\ncontent-length: 3\r\n");
      assertThat(new String(in.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("ok\n");
      HttpResponse<String> metrics = send(server, "/metrics", "HEAD");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValueAsLong("Content-Length")).hasValue(get(server, "/metrics").body()
          .getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void answersOnlyGetAndHeadOnItsOwnPaths() throws Exception {
    try (MetricsServer server = MetricsServer.start(0, registry, Map.of())) {
      HttpResponse<String> post = send(server, "/health", "POST");
      HttpResponse<String> longer = get(server, "/metrics/x");

      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(longer.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void runsTheHealthChecksOnceForProbesThatComeTogetherAndOncePerInterval() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch entered = new CountDownLatch(1);
    HealthCheck slow = () -> {
      runs.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    };
    MetricsServer.Settings settings = MetricsServer.Settings.of("127.0.0.1", 0)
        .withHealth(Duration.ofMinutes(10), Duration.ofSeconds(30));
    try (MetricsServer server = MetricsServer.start(settings, registry, Map.of("database", slow), Map.of())) {
      List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        probes.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      // Time for the other probes to arrive while the checks run; the counts below hold however it is spent.
      Thread.sleep(500);
      release.countDown();

      for (CompletableFuture<HttpResponse<String>> probe : probes) {
        assertThat(probe.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      assertThat(get(server, "/health").statusCode()).isEqualTo(200);
      assertThat(runs.get()).as("runs of the checks").isEqualTo(1);
      assertThat(threads).containsExactly("loginetl-health");
    }
  }

  @Test
  void servesMetricsAndNamesTheCheckThatHangsWhileTheHealthChecksHang() throws Exception {
    HealthCheck hanging = () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    };
    MetricsServer.Settings settings = MetricsServer.Settings.of("127.0.0.1", 0)
        .withHealth(Duration.ZERO, Duration.ofMillis(300));
    try (MetricsServer server = MetricsServer.start(settings, registry,
        Map.of("queue", Optional::empty, "database", hanging), Map.of())) {
      // One probe after another, each answered at the bound while the same run of the checks hangs.
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> health = send(server, "/health", "GET", Duration.ofSeconds(10));

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("database: no answer within 300 ms\n");
        assertThat(send(server, "/metrics", "GET", Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void listensOnTheGivenAddressOnly() throws Exception {
    // Every address of 127.0.0.0/8 reaches the loopback interface; a server bound to one takes no other.
    try (MetricsServer local = MetricsServer.start(MetricsServer.Settings.of("127.0.0.1", 0), registry, Map.of(), Map.of());
        MetricsServer every = MetricsServer.start(0, registry, Map.of())) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.2", every.port()), 5_000);
        assertThat(socket.isConnected()).isTrue();
      }
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.2", local.port()), 5_000);
        }
      }).isInstanceOf(ConnectException.class);
      assertThat(get(local, "/health").statusCode()).isEqualTo(200);
    }
  }

  /** True when the peer closes or resets the connection before it sends a byte. */
  private static boolean closedUnanswered(InputStream in) throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** The status line and headers of one response, through the blank line that ends them. */
  private static String headerBlock(InputStream in) throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection ended inside a response's headers: " + block);
      }
      block.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return block.toString(StandardCharsets.US_ASCII);
  }
}
