package dev.loginetl.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A stand-in for AWS KMS on loopback, because no KMS is reachable from the test machines: a JDK
 * {@link HttpServer} that answers KMS's JSON API (the {@code X-Amz-Target: TrentService.*} header,
 * {@code application/x-amz-json-1.1}) for {@code Encrypt}, {@code Decrypt} and {@code
 * GenerateDataKey}, as the AWS SDK for Java v2 sends them. It checks no signature.
 *
 * <p>It holds one AES-256 key per key ARN it knows. A {@code CiphertextBlob} is the key ARN, a
 * 12-byte nonce and the AES-GCM ciphertext whose associated data is the ARN and the encryption
 * context, so that, as in KMS, a blob decrypts only under its own key and context. Errors come back
 * as KMS sends them: HTTP 400 with {@code __type} {@code NotFoundException}, {@code
 * IncorrectKeyException} or {@code InvalidCiphertextException}; {@link #failWith} makes every call
 * fail with a given type and status. It records which operations it served ({@link #calls}).
 */
public final class FakeKms implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final Map<String, SecretKey> keys = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile String failType;
  private volatile int failStatus;

  private FakeKms(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free loopback port, knowing the keys {@code keyArns}. */
  public static FakeKms start(String... keyArns) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeKms kms = new FakeKms(server);
    for (String arn : keyArns) {
      kms.keys.put(arn, newKey());
    }
    server.createContext("/", kms::handle);
    server.start();
    return kms;
  }

  /** The endpoint to give the SDK. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now on, every call fails with HTTP {@code status} and {@code __type} {@code type}. */
  public void failWith(String type, int status) {
    this.failStatus = status;
    this.failType = type;
  }

  /** The operations served so far, e.g. {@code Encrypt}, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      calls.add(operation);
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (failType != null) {
        error(exchange, failStatus, failType, "injected failure");
        return;
      }
      switch (operation) {
        case "Encrypt" -> encrypt(exchange, request);
        case "Decrypt" -> decrypt(exchange, request);
        case "GenerateDataKey" -> generateDataKey(exchange, request);
        default -> error(exchange, 400, "UnknownOperationException", "not served by this fake: " + operation);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private void encrypt(HttpExchange exchange, JsonNode request) throws IOException, GeneralSecurityException {
    String arn = request.path("KeyId").asText();
    if (!keys.containsKey(arn)) {
      error(exchange, 400, "NotFoundException", "Key '" + arn + "' does not exist");
      return;
    }
    byte[] plaintext = Base64.getDecoder().decode(request.path("Plaintext").asText());
    ObjectNode response = JSON.createObjectNode()
        .put("CiphertextBlob", Base64.getEncoder().encodeToString(seal(arn, plaintext, request.path("EncryptionContext"))))
        .put("KeyId", arn)
        .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    ok(exchange, response);
  }

  private void generateDataKey(HttpExchange exchange, JsonNode request) throws IOException, GeneralSecurityException {
    String arn = request.path("KeyId").asText();
    if (!keys.containsKey(arn)) {
      error(exchange, 400, "NotFoundException", "Key '" + arn + "' does not exist");
      return;
    }
    int size = request.has("NumberOfBytes") ? request.get("NumberOfBytes").asInt()
        : "AES_128".equals(request.path("KeySpec").asText()) ? 16 : 32;
    byte[] plaintext = new byte[size];
    RANDOM.nextBytes(plaintext);
    ObjectNode response = JSON.createObjectNode()
        .put("CiphertextBlob", Base64.getEncoder().encodeToString(seal(arn, plaintext, request.path("EncryptionContext"))))
        .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
        .put("KeyId", arn);
    ok(exchange, response);
  }

  private void decrypt(HttpExchange exchange, JsonNode request) throws IOException {
    ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(request.path("CiphertextBlob").asText()));
    String arn;
    byte[] nonce = new byte[12];
    byte[] sealed;
    try {
      byte[] arnBytes = new byte[blob.getShort()];
      blob.get(arnBytes);
      arn = new String(arnBytes, StandardCharsets.UTF_8);
      blob.get(nonce);
      sealed = new byte[blob.remaining()];
      blob.get(sealed);
    } catch (RuntimeException e) {
      error(exchange, 400, "InvalidCiphertextException", "malformed blob");
      return;
    }
    String asked = request.path("KeyId").asText(null);
    if (asked != null && !asked.equals(arn)) {
      error(exchange, 400, keys.containsKey(asked) ? "IncorrectKeyException" : "NotFoundException",
          "The key ID in the request does not identify the key that encrypted the ciphertext");
      return;
    }
    SecretKey key = keys.get(arn);
    if (key == null) {
      error(exchange, 400, "InvalidCiphertextException", "unknown key");
      return;
    }
    byte[] plaintext;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(aad(arn, request.path("EncryptionContext")));
      plaintext = cipher.doFinal(sealed);
    } catch (GeneralSecurityException e) {
      error(exchange, 400, "InvalidCiphertextException", "");
      return;
    }
    ok(exchange, JSON.createObjectNode()
        .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
        .put("KeyId", arn)
        .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
  }

  private byte[] seal(String arn, byte[] plaintext, JsonNode context) throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, keys.get(arn), new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad(arn, context));
    byte[] sealed = cipher.doFinal(plaintext);
    byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + arnBytes.length + nonce.length + sealed.length)
        .putShort((short) arnBytes.length).put(arnBytes).put(nonce).put(sealed).array();
  }

  private static byte[] aad(String arn, JsonNode context) {
    Map<String, String> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      sorted.put(entry.getKey(), entry.getValue().asText());
    }
    return (arn + "\n" + sorted).getBytes(StandardCharsets.UTF_8);
  }

  private static SecretKey newKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void ok(HttpExchange exchange, JsonNode body) throws IOException {
    send(exchange, 200, body);
  }

  private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
    send(exchange, status, JSON.createObjectNode().put("__type", type).put("message", message));
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
