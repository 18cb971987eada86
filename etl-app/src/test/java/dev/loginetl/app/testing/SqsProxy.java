package dev.loginetl.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of a real SQS-compatible server (ElasticMQ) that speaks SQS's JSON
 * protocol, as the AWS SDK v2 does: each request is a POST whose {@code X-Amz-Target} header names
 * the operation ({@code AmazonSQS.SendMessageBatch}). A test gives it a {@link Rule}, which may
 * answer a call itself instead of the server (with an error as SQS words it), and may rewrite the
 * server's answer. Everything else passes through unchanged, so the server stays real.
 *
 * <p>{@link #close()} stops it; idempotent.
 */
public final class SqsProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Headers the JDK's HTTP client sets itself, or that describe one hop only. */
  private static final Set<String> HOP_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "date", "keep-alive");

  /**
   * One call through the proxy.
   *
   * @param operation the operation, such as {@code SendMessageBatch}
   * @param request the request's JSON body
   */
  public record Call(String operation, JsonNode request) {}

  /** An answer the proxy gives instead of the server. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  /** What the proxy does with calls; the defaults pass everything through. */
  public interface Rule {
    /** An answer to give instead of asking the server; empty to ask it. */
    default Optional<Answer> answer(Call call) {
      return Optional.empty();
    }

    /** The server's answer, as the client gets it: the body given, or another. */
    default String rewrite(Call call, String response) {
      return response;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private final URI target;
  private final Rule rule;
  private boolean closed;

  private SqsProxy(URI target, Rule rule) throws IOException {
    this.target = target;
    this.rule = rule;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "sqs-proxy");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a proxy on a free loopback port in front of the server at {@code target}. */
  public static SqsProxy start(URI target, Rule rule) {
    try {
      return new SqsProxy(target, rule);
    } catch (IOException e) {
      throw new UncheckedIOException("the SQS proxy did not start", e);
    }
  }

  /** Where clients connect: use it as the SQS endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * SQS's answer to a {@code SendMessageBatch} whose messages, with their attributes, add up to
   * more than {@code limit} bytes: HTTP 400, the query-protocol code in {@code x-amzn-query-error}
   * and the JSON protocol's type in {@code __type}, as SQS gives them.
   */
  public static Answer batchRequestTooLong(long limit, long size) {
    return error("AWS.SimpleQueueService.BatchRequestTooLong", "com.amazonaws.sqs#BatchRequestTooLong",
        "Batch requests cannot be longer than " + limit + " bytes. You have sent " + size + " bytes.");
  }

  /** An SQS error answer in its JSON protocol. */
  public static Answer error(String queryCode, String type, String message) {
    String body = JSON.createObjectNode().put("__type", type).put("message", message).toString();
    return new Answer(400, Map.of("x-amzn-query-error", queryCode + ";Sender",
        "x-amzn-RequestId", UUID.randomUUID().toString(), "Content-Type", "application/x-amz-json-1.0"), body);
  }

  /**
   * What SQS counts against its size limit for the messages of a {@code SendMessage} or {@code
   * SendMessageBatch} request: each body, and each message attribute's name, type and value.
   */
  public static long messagesSize(JsonNode request) {
    List<JsonNode> messages = request.has("Entries") ? List.copyOf(iterate(request.get("Entries"))) : List.of(request);
    long size = 0;
    for (JsonNode message : messages) {
      size += utf8(message.path("MessageBody").asText());
      JsonNode attributes = message.path("MessageAttributes");
      for (var names = attributes.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        JsonNode value = attributes.get(name);
        size += utf8(name) + utf8(value.path("DataType").asText()) + utf8(value.path("StringValue").asText());
      }
    }
    return size;
  }

  private static List<JsonNode> iterate(JsonNode array) {
    List<JsonNode> nodes = new java.util.ArrayList<>();
    array.forEach(nodes::add);
    return nodes;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = amzTarget == null ? "" : amzTarget.substring(amzTarget.indexOf('.') + 1);
      JsonNode request = requestBody.length == 0 ? JSON.createObjectNode() : JSON.readTree(requestBody);
      Call call = new Call(operation, request);
      Optional<Answer> own = rule.answer(call);
      if (own.isPresent()) {
        own.get().headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        send(exchange, own.get().status(), own.get().body().getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(requestBody));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(value -> forward.header(name, value));
        }
      });
      HttpResponse<String> answer;
      try {
        answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        send(exchange, 502, new byte[0]);
        return;
      }
      answer.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      String body = answer.statusCode() == 200 ? rule.rewrite(call, answer.body()) : answer.body();
      send(exchange, answer.statusCode(), body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Reads a JSON text, for a rule that rewrites an answer. */
  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
