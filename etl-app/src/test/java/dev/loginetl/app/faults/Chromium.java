package dev.loginetl.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium as a separate process with one page open, driven through the Chrome
 * DevTools Protocol over the JDK's own WebSocket client: evaluate JavaScript in the live page, take
 * a screenshot. No browser driver or extra library.
 *
 * <p>Not thread-safe: one test drives it. {@link #close()} kills the browser and is idempotent.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration GUARD = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private boolean closed;

  private Chromium(Process process, URI debugger) {
    this.process = process;
    this.socket = HTTP.newWebSocketBuilder().buildAsync(debugger, new Replies()).join();
  }

  /**
   * The browser, which must be installed: the test fails (never skips) when it is not, saying how
   * to install it.
   */
  static Path executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new AssertionError("Chromium is not installed, and this test opens the status page in a real browser: "
        + "install Debian's chromium (apt-get install -y chromium), as .ci/run does");
  }

  /**
   * Starts headless Chromium with a window of {@code width} x {@code height} showing {@code page},
   * its profile and log in {@code dir}.
   */
  static Chromium open(URI page, Path dir, int width, int height) throws Exception {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    List<String> command = new ArrayList<>(List.of(executable().toString(),
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, page.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("chromium.log").toFile());
    // Its sockets and scratch files go under dir too, so that nothing is left in /tmp.
    builder.environment().put("TMPDIR", Files.createDirectories(dir.resolve("chromium-tmp")).toString());
    Process process = builder.start();
    try {
      // Chromium writes the port it chose, and its browser target, to this file once it listens.
      Path active = profile.resolve("DevToolsActivePort");
      Faults.waitUntil(GUARD, "Chromium listens for DevTools (see " + dir.resolve("chromium.log") + ")",
          () -> Files.isRegularFile(active) && lines(active).size() >= 2 || !process.isAlive());
      if (!process.isAlive()) {
        throw new AssertionError("Chromium exited at once with " + process.exitValue() + ": "
            + Files.readString(dir.resolve("chromium.log")));
      }
      int port = Integer.parseInt(lines(active).get(0).trim());
      URI debugger = pageTarget(port, page);
      Chromium browser = new Chromium(process, debugger);
      browser.call("Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
      return browser;
    } catch (Exception | AssertionError e) {
      process.destroyForcibly().waitFor();
      throw e;
    }
  }

  /** Evaluates {@code expression} in the page and returns its value, as JSON. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError("the page's JavaScript failed: " + result.get("exceptionDetails"));
    }
    return result.get("result").get("value");
  }

  /** A PNG of the whole page (beyond the window, if it is taller), written to {@code png}. */
  void screenshot(Path png) throws Exception {
    JsonNode size = call("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width").asDouble(),
        "height", size.get("height").asDouble(), "scale", 1);
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
  }

  private JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(message), true).get(GUARD.toSeconds(), TimeUnit.SECONDS);
    JsonNode answer = reply.get(GUARD.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new AssertionError(method + " failed: " + answer.get("error"));
    }
    return answer.get("result");
  }

  /** The DevTools WebSocket of the page showing {@code page}. */
  private static URI pageTarget(int port, URI page) throws Exception {
    long deadline = System.nanoTime() + GUARD.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : JSON.readTree(list.body())) {
        if (target.path("type").asText().equals("page") && target.path("url").asText().startsWith(page.toString())) {
          return URI.create(target.get("webSocketDebuggerUrl").asText());
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Chromium shows no page at " + page);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Hands each reply to the call waiting for its id; events are ignored. */
  private final class Replies implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          CompletableFuture<JsonNode> waiting = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
          if (waiting != null) {
            waiting.complete(message);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          text.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    socket.abort();
    // Chromium starts helper processes (renderer, utility): end them with the browser.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly().waitFor();
  }
}
