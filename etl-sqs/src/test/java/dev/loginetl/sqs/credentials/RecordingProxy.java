package dev.loginetl.sqs.credentials;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP proxy on a loopback port in front of an SQS-compatible server: it records the
 * credential headers of each request ({@code Authorization}, {@code X-Amz-Security-Token}), then
 * forwards the request as it came and returns the server's answer. Test support; {@link #close()}
 * stops it.
 */
final class RecordingProxy implements AutoCloseable {
  /** Headers java.net.http sets itself. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

  /** The credential headers of one request; the token is null when the request had none. */
  record Signed(String authorization, String securityToken) {
    /** The access key id in a SigV4 {@code Credential=KEY/date/region/service/aws4_request}. */
    String accessKeyId() {
      int start = authorization == null ? -1 : authorization.indexOf("Credential=");
      return start < 0 ? null : authorization.substring(start + 11, authorization.indexOf('/', start));
    }
  }

  private final HttpServer server;
  private final URI target;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<Signed> requests = Collections.synchronizedList(new ArrayList<>());

  private RecordingProxy(HttpServer server, URI target) {
    this.server = server;
    this.target = target;
  }

  static RecordingProxy start(URI target) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    RecordingProxy proxy = new RecordingProxy(server, target);
    server.createContext("/", proxy::forward);
    server.start();
    return proxy;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Signed> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(new Signed(exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")));
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(value -> request.header(name, value));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
