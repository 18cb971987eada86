package dev.loginetl.sqs.credentials;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * STS and the IAM Identity Center (SSO) portal as the SDK calls them for credentials, on a loopback
 * port: {@code AssumeRoleWithWebIdentity} and {@code AssumeRole} (STS's query protocol, form body,
 * XML answer, as documented in the STS API reference) and {@code GetRoleCredentials} ({@code GET
 * /federation/credentials}, JSON answer). Each answers with credentials of its own, valid for an
 * hour, and records what it was asked. Test support; {@link #close()} stops it.
 */
final class FakeAwsCredentialServices implements AutoCloseable {
  static final String WEB_IDENTITY_KEY = "ASIAWEBIDENTITYTEST1";
  static final String ASSUME_ROLE_KEY = "ASIAASSUMEROLETEST01";
  static final String SSO_KEY = "ASIASSOPORTALTEST001";

  /** One call: its action ({@code AssumeRoleWithWebIdentity}, {@code AssumeRole}, {@code GetRoleCredentials}) and parameters. */
  record Call(String action, Map<String, String> parameters) {}

  private final HttpServer server;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  private FakeAwsCredentialServices(HttpServer server) {
    this.server = server;
  }

  static FakeAwsCredentialServices start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeAwsCredentialServices services = new FakeAwsCredentialServices(server);
    server.createContext("/", services::handle);
    server.start();
    return services;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** The session token that goes with an access key id this server hands out. */
  static String sessionToken(String accessKeyId) {
    return "session-token-for-" + accessKeyId;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (method.equals("GET") && path.equals("/federation/credentials")) {
        Map<String, String> parameters = form(exchange.getRequestURI().getRawQuery());
        parameters.put("x-amz-sso_bearer_token", exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token"));
        calls.add(new Call("GetRoleCredentials", parameters));
        respond(exchange, 200, "application/json", "{\"roleCredentials\":{\"accessKeyId\":\"" + SSO_KEY
            + "\",\"secretAccessKey\":\"sso-secret\",\"sessionToken\":\"" + sessionToken(SSO_KEY)
            + "\",\"expiration\":" + Instant.now().plusSeconds(3600).toEpochMilli() + "}}");
        return;
      }
      Map<String, String> parameters =
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String action = parameters.getOrDefault("Action", "");
      calls.add(new Call(action, parameters));
      if (action.equals("AssumeRoleWithWebIdentity") || action.equals("AssumeRole")) {
        String key = action.equals("AssumeRole") ? ASSUME_ROLE_KEY : WEB_IDENTITY_KEY;
        respond(exchange, 200, "text/xml", "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<" + action + "Result>"
            + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/loginetl/test</Arn>"
            + "<AssumedRoleId>AROATESTROLEID:test</AssumedRoleId></AssumedRoleUser>"
            + "<Credentials><AccessKeyId>" + key + "</AccessKeyId><SecretAccessKey>sts-secret</SecretAccessKey>"
            + "<SessionToken>" + sessionToken(key) + "</SessionToken>"
            + "<Expiration>" + Instant.now().plusSeconds(3600) + "</Expiration></Credentials>"
            + "</" + action + "Result><ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>"
            + "</" + action + "Response>");
        return;
      }
      respond(exchange, 400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
          + "<Message>not faked here</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>");
    }
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
