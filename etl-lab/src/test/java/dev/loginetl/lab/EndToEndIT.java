package dev.loginetl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.app.base.SampleMessages;
import dev.loginetl.lab.embedded.EmbeddedServers;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import dev.loginetl.core.transform.internal.AppVersion;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.sqs.SqsQueueAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged runner, as a separate process, against real embedded servers and the sample. */
class EndToEndIT {
  private static EmbeddedServers servers;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startServers() {
    servers = EmbeddedServers.start();
  }

  @AfterAll
  static void stopServers() {
    servers.close();
  }

  @Test
  void runUntilEmptyLoadsTheSampleRowByRow(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("hmac.key");
    PiiKeyset keyset = PiiKeyset.generate(dev.loginetl.pii.MaskingStrategy.HMAC);
    keyset.writeNew(key);
    Masker masker = Maskers.create(dev.loginetl.pii.MaskingStrategy.HMAC, keyset);
    List<String> sample = SampleMessages.bundled();
    String queueUrl;
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
      queueUrl = admin.createQueue("e2e-login-queue", Duration.ofSeconds(30));
      assertThat(admin.sender(queueUrl).send(sample).sent()).isEqualTo(100);
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    Path output = dir.resolve("output.txt");
    Process runner = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Path.of("..", "etl-app", "target", "loginetl.jar").toString(),
        "run", "--until-empty", "--queue-url", queueUrl, "--jdbc-url", servers.jdbcUrl(), "--db-password", "",
        "--key-file", key.toString(), "--debug")
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(runner.waitFor(120, TimeUnit.SECONDS)).as("runner finished").isTrue();
    String printed = Files.readString(output, StandardCharsets.UTF_8);

    assertThat(runner.exitValue()).as(printed).isZero();
    assertThat(printed).contains("loaded 99, rejected 1 (MISSING_FIELD 1)");
    try (Connection db = DriverManager.getConnection(servers.jdbcUrl(), "postgres", "");
        Statement statement = db.createStatement()) {
      Map<String, Map<String, Object>> rows = new HashMap<>();
      try (ResultSet rs = statement.executeQuery("SELECT * FROM user_logins")) {
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (String column : List.of("device_type", "masked_ip", "masked_device_id", "locale", "app_version",
              "app_version_raw", "create_date", "message_id")) {
            row.put(column, rs.getObject(column));
          }
          assertThat(rows.put(rs.getString("user_id"), row)).as("one row per user_id").isNull();
        }
      }
      assertThat(rows).hasSize(99);
      List<String> expectedUsers = new ArrayList<>();
      for (String body : sample) {
        JsonNode message = JSON.readTree(body);
        if (!message.has("user_id")) {
          continue;
        }
        String userId = message.get("user_id").asText();
        expectedUsers.add(userId);
        Map<String, Object> row = rows.get(userId);
        assertThat(row).as("row for %s", userId).isNotNull();
        assertThat(row.get("device_type")).isEqualTo(message.get("device_type").asText());
        assertThat(row.get("locale")).isEqualTo(message.get("locale").isNull() ? null : message.get("locale").asText());
        String version = message.get("app_version").asText();
        assertThat(row.get("app_version_raw")).isEqualTo(version);
        assertThat(row.get("app_version")).isEqualTo(AppVersion.encode(version).getAsInt());
        assertThat(row.get("masked_ip")).isEqualTo(masker.mask(PiiField.IP, message.get("ip").asText()));
        assertThat(row.get("masked_device_id")).isEqualTo(masker.mask(PiiField.DEVICE_ID, message.get("device_id").asText()));
        assertThat(row.get("create_date")).isEqualTo(java.sql.Date.valueOf(today));
        assertThat(row.get("message_id")).isNotNull();
        assertThat(printed).doesNotContain(message.get("ip").asText()).doesNotContain(message.get("device_id").asText());
      }
      assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expectedUsers);
      try (ResultSet rs = statement.executeQuery("SELECT reason, redacted_body FROM user_logins_rejected")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("reason")).isEqualTo("MISSING_FIELD");
        assertThat(rs.getString("redacted_body")).isEqualTo("{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}");
        assertThat(rs.next()).isFalse();
      }
    }
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
      assertThat(admin.depth(queueUrl).total()).isZero();
    }
  }
}
