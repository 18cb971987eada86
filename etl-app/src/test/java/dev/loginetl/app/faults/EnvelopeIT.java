package dev.loginetl.app.faults;

import static dev.loginetl.core.testing.AwsEnvelopes.eventBridgeEvent;
import static dev.loginetl.core.testing.AwsEnvelopes.snsNotification;
import static dev.loginetl.core.testing.AwsEnvelopes.snsSubscriptionConfirmation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loginetl.app.faults.Ledger.Expect;
import dev.loginetl.app.faults.Ledger.Planned;
import dev.loginetl.app.faults.Ledger.Tally;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.transform.internal.IpLiterals;
import dev.loginetl.core.transform.LoginParser;
import dev.loginetl.core.transform.ParseResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Logins in SNS notifications and EventBridge events, through the packaged runner (default {@code
 * --envelope auto}), real ElasticMQ and real PostgreSQL.
 *
 * <p>The envelopes are built by {@link dev.loginetl.core.testing.AwsEnvelopes} field for field as
 * AWS documents them: SNS from "Amazon SNS message and JSON formats" (HTTP/HTTPS notification and
 * subscription confirmation JSON formats), which "Fanout to Amazon SQS queues" says an SQS subscriber
 * receives with raw message delivery off; EventBridge from "Amazon EventBridge events", "Event
 * structure". A duplicate delivery by SNS or EventBridge is sent as AWS makes it: a second SQS
 * message, with its own SQS id, carrying the same body.
 *
 * <p>Failure messages name message ids, labels and positions, never an ip or a device id.
 */
@Tag(Faults.TAG)
class EnvelopeIT {
  private final List<String> ips = new ArrayList<>();
  private final List<String> deviceIds = new ArrayList<>();
  /** SQS message ids, by the label of what they carried (two for a duplicate delivery). */
  private final Map<String, List<String>> sqsIds = new HashMap<>();
  private int sent;

  @Test
  void storesEachEventOnceUnderItsIdAndRecordsBadEnvelopesWithoutPiiInClear(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl = Faults.queue(servers, "envelopes", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    String snsA = uuid(1);
    String ebG = uuid(7);
    String ebH = uuid(8);
    String confirmation = uuid(14);
    Map<String, String> snsIds = new HashMap<>();
    LocalDate before = LocalDate.now(ZoneOffset.UTC);
    try (SqsClient sqs = Ledger.client(servers)) {
      // SNS notifications, one of them delivered twice; the login is the JSON string in Message.
      send(sqs, queueUrl, "sns-A", snsNotification(snsA, login("env-A"), "2026-11-20T23:59:59.917Z"));
      send(sqs, queueUrl, "sns-A", snsNotification(snsA, login("env-A"), "2026-11-20T23:59:59.917Z"));
      for (String user : List.of("B", "C", "D", "E", "F")) {
        snsIds.put(user, uuid(user.charAt(0)));
        send(sqs, queueUrl, "sns-" + user, snsNotification(snsIds.get(user), login("env-" + user), "2026-11-18T08:00:00Z"));
      }
      // EventBridge events, one delivered twice; the login is the object detail.
      send(sqs, queueUrl, "eb-G", eventBridgeEvent(ebG, login("env-G"), "2026-11-19T12:00:00Z"));
      send(sqs, queueUrl, "eb-G", eventBridgeEvent(ebG, login("env-G"), "2026-11-19T12:00:00Z"));
      send(sqs, queueUrl, "eb-H", eventBridgeEvent(ebH,
          "{\"user_id\":\"env-H\",\"app_version\":2.30,\"ip\":\"" + ip() + "\",\"device_id\":\"" + device() + "\"}",
          "2026-11-17T00:00:00Z"));
      // A bare login beside them.
      send(sqs, queueUrl, "bare", login("env-bare"));
      // Bad envelopes, each carrying an ip and a device id somewhere.
      send(sqs, queueUrl, "message-not-json", snsNotification(uuid(9),
          "login of env-9 from " + ip() + " on " + device(), "2026-11-20T10:00:00Z"));
      ObjectNode noMessageId = snsNotification(uuid(10), login("env-10"), "2026-11-20T10:00:00Z");
      noMessageId.remove("MessageId");
      send(sqs, queueUrl, "sns-without-id", noMessageId);
      send(sqs, queueUrl, "eb-with-empty-id", eventBridgeEvent("", login("env-11"), "2026-11-20T10:00:00Z"));
      send(sqs, queueUrl, "subscription-confirmation", snsSubscriptionConfirmation(confirmation, "2026-11-20T10:00:00Z"));
      send(sqs, queueUrl, "subscription-confirmation", snsSubscriptionConfirmation(confirmation, "2026-11-20T10:00:00Z"));
      send(sqs, queueUrl, "invalid-time", snsNotification(uuid(12), login("env-12"), "20 Nov 2026 10:00"));
      send(sqs, queueUrl, "no-user-id", snsNotification(uuid(13),
          "{\"ip\":\"" + ip() + "\",\"device_id\":\"" + device() + "\"}", "2026-11-20T10:00:00Z"));
      send(sqs, queueUrl, "eb-wrong-type", eventBridgeEvent(uuid(15),
          "{\"user_id\":15,\"ip\":\"" + ip() + "\",\"device_id\":\"" + device() + "\"}", "2026-11-20T10:00:00Z"));
      send(sqs, queueUrl, "message-array", snsNotification(uuid(16),
          "[\"" + ip() + "\",\"" + device() + "\"]", "2026-11-20T10:00:00Z"));
      // An envelope with a field written twice (Timestamp), delivered twice: one rejection, under its MessageId.
      String duplicateField = snsNotification(uuid(17), login("env-17"), "2026-11-20T10:00:00Z").toString()
          .replaceFirst("\\{", "{\"Timestamp\":\"2026-11-20T10:00:01Z\",");
      send(sqs, queueUrl, "duplicate-field", duplicateField);
      send(sqs, queueUrl, "duplicate-field", duplicateField);
    }

    Runner.Ended run = Runner.runToEnd(dir.resolve("run.log"),
        Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--until-empty"), Duration.ofMinutes(3));
    int exit = run.exit();
    String output = run.output();
    Runner.Summary summary = run.summary();
    Map<String, Map<String, String>> rows = Tables.rows(jdbcUrl,
        "SELECT message_id, sqs_message_id, user_id, create_date, app_version_raw, app_version FROM user_logins");
    Map<String, Map<String, String>> rejections = Tables.rows(jdbcUrl,
        "SELECT message_id, sqs_message_id, reason, detail FROM user_logins_rejected");
    String dump = Tables.dump(jdbcUrl, "user_logins") + Tables.dump(jdbcUrl, "user_logins_rejected");
    long queued;
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      queued = ledger.queueTotal();
    }
    List<String> found = piiFoundIn(dump);
    System.out.println("FAULTS envelopes: sent " + sent + ", rows " + rows.size() + ", rejections " + rejections.size()
        + ", duplicates " + summary.duplicates() + ", deleted " + summary.deleted() + ", still queued " + queued
        + "; searched " + (ips.size() + deviceIds.size()) + " ips and device ids, found " + found.size());

    assertThat(exit).as("exit code").isZero();
    assertThat(output).doesNotContain("Exception").doesNotContain("ERROR");
    // Once per event id: the duplicates of A, G, the confirmation and the duplicate-field envelope are not stored again.
    assertThat(rows).containsOnlyKeys(snsA, snsIds.get("B"), snsIds.get("C"), snsIds.get("D"), snsIds.get("E"),
        snsIds.get("F"), ebG, ebH, only("bare"));
    assertThat(count(jdbcUrl, "user_logins")).isEqualTo(9);
    assertThat(rows.get(snsA)).containsEntry("user_id", "env-A").containsEntry("create_date", "2026-11-20");
    assertThat(rows.get(snsA).get("sqs_message_id")).isIn(sqsIds.get("sns-A"));
    assertThat(rows.get(snsIds.get("C"))).containsEntry("sqs_message_id", only("sns-C"))
        .containsEntry("create_date", "2026-11-18");
    assertThat(rows.get(ebG).get("sqs_message_id")).isIn(sqsIds.get("eb-G"));
    assertThat(rows.get(ebG)).containsEntry("create_date", "2026-11-19");
    assertThat(rows.get(ebH)).containsEntry("app_version_raw", "2.30").containsEntry("app_version", "2030000")
        .containsEntry("create_date", "2026-11-17").containsEntry("sqs_message_id", only("eb-H"));
    assertThat(rows.get(only("bare"))).containsEntry("sqs_message_id", only("bare"));
    assertThat(LocalDate.parse(rows.get(only("bare")).get("create_date")))
        .as("a bare login's date is when SQS got it").isBetween(before, LocalDate.now(ZoneOffset.UTC));
    Map<String, String> reasons = new HashMap<>();
    rejections.forEach((id, r) -> reasons.put(id, r.get("reason")));
    assertThat(reasons).isEqualTo(Map.of(
        uuid(9), "ENVELOPE_MESSAGE_NOT_JSON",
        only("sns-without-id"), "ENVELOPE_MISSING_ID",
        only("eb-with-empty-id"), "ENVELOPE_MISSING_ID",
        confirmation, "ENVELOPE_UNKNOWN_TYPE",
        uuid(12), "ENVELOPE_INVALID_TIME",
        uuid(13), "MISSING_FIELD",
        uuid(15), "WRONG_TYPE",
        uuid(16), "NOT_OBJECT",
        uuid(17), "DUPLICATE_FIELD"));
    assertThat(rejections.get(only("sns-without-id"))).containsEntry("sqs_message_id", only("sns-without-id"));
    assertThat(rejections.get(uuid(9))).containsEntry("sqs_message_id", only("message-not-json"));
    assertThat(rejections.get(confirmation).get("sqs_message_id")).isIn(sqsIds.get("subscription-confirmation"));
    assertThat(rejections.get(uuid(17)).get("sqs_message_id")).isIn(sqsIds.get("duplicate-field"));
    assertThat(rejections.get(uuid(13))).containsEntry("detail", "field 'user_id' is missing or null (in the SNS Message)");
    assertThat(summary).isEqualTo(new Runner.Summary(sent, 9, 9, 4, sent));
    assertThat(queued).as("every delivery deleted, duplicates included").isZero();
    // The search sees what is there: user ids are stored in clear, and are found.
    assertThat(dump).contains("env-A", "env-H", "env-bare");
    assertThat(found).as("ips or device ids in clear (positions only)").isEmpty();
  }

  @Test
  void hostileBodiesInEnvelopesEndAsRowsOrRecordedRejections(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    Random random = Faults.random("envelope-poison");
    HostileBodies hostile = new HostileBodies(random);
    List<Planned> bodies = hostile.all();
    List<Planned> wrapped = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i += 4) {
      Planned body = bodies.get(i);
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      String time = Instant.ofEpochSecond(1_600_000_000L + random.nextInt(200_000_000)).toString();
      if (i / 4 % 2 == 0) {
        // As a string, any body is a Message: it ends as it would bare.
        wrapped.add(new Planned(snsNotification(id, body.body(), time).toString(), body.expect(), body.userId()));
      } else {
        // Written raw as the detail: a body that is no JSON object spoils the event, which is rejected,
        // unless the splice itself makes a well-formed event: a mutated body such as {"user_id":…}
        // ,"device_id":… closes the detail early and hands its tail to the envelope (seen with seed
        // 8938595103606). Such an event may become a row; the ledger still checks it ends as exactly one.
        boolean object = !(LoginParser.parse(body.body()) instanceof ParseResult.Invalid invalid
            && (invalid.reason() == RejectReason.NOT_JSON || invalid.reason() == RejectReason.NOT_OBJECT));
        String event = eventBridgeEvent(id, body.body(), time).toString();
        wrapped.add(new Planned(event,
            object ? body.expect() : splicesIntoAnEvent(event) ? Expect.EITHER : Expect.REJECTION,
            object ? body.userId() : null));
      }
    }
    String queueUrl = Faults.queue(servers, "envelope-poison", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(wrapped);

      Runner.Ended run = Runner.runToEnd(dir.resolve("run.log"),
          Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--until-empty"), Duration.ofMinutes(5));
      int exit = run.exit();
      String output = run.output();

      Tally tally = ledger.check(jdbcUrl);
      long messageNotJson = countWhere(jdbcUrl, "user_logins_rejected", "reason = 'ENVELOPE_MESSAGE_NOT_JSON'");
      System.out.println(tally.line("envelope-poison", wrapped.size()) + "; ENVELOPE_MESSAGE_NOT_JSON "
          + messageNotJson);
      assertThat(wrapped).hasSizeGreaterThanOrEqualTo(2_500);
      assertThat(exit).as("exit code").isZero();
      assertThat(output).doesNotContain("Exception").doesNotContain("ERROR");
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.unknown()).as("stored under no SQS id sent: %s", tally).isZero();
      assertThat(tally.unexplained()).as("rejections without reason or with a broken redacted body: %s", tally).isZero();
      assertThat(tally.wrongValues()).as("rows that do not hold the user_id sent: %s", tally).isZero();
      assertThat(tally.rows() + tally.rejections()).isEqualTo(ledger.sent());
      assertThat(ledger.sent() + ledger.refusedByQueue()).isEqualTo(wrapped.size());
      assertThat(tally.rows()).isPositive();
      assertThat(messageNotJson).isPositive();
      assertThat(ledger.queueTotal()).isZero();
    }
  }

  // ------------------------------------------------------------------ helpers

  private void send(SqsClient sqs, String queueUrl, String label, Object body) {
    String id = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body.toString())).messageId();
    sqsIds.computeIfAbsent(label, l -> new ArrayList<>()).add(id);
    sent++;
  }

  /** The one SQS message id of what was sent once under {@code label}. */
  private String only(String label) {
    List<String> ids = sqsIds.get(label);
    assertThat(ids).as("SQS ids of %s", label).hasSize(1);
    return ids.get(0);
  }

  /** A fixed event id per number, shaped like AWS's. */
  private static String uuid(int n) {
    return new UUID(0x6a7e8febb4914cf7L, 0xa9f1000000000000L + n).toString();
  }

  /** A valid login with a new ip and device id. */
  private String login(String userId) {
    return "{\"user_id\":\"" + userId + "\",\"app_version\":\"2.3.0\",\"device_type\":\"ios\",\"ip\":\"" + ip()
        + "\",\"locale\":\"PT\",\"device_id\":\"" + device() + "\"}";
  }

  /** Addresses from the documentation ranges, IPv4 and IPv6, each new. */
  private String ip() {
    int n = ips.size();
    String ip = n % 2 == 0 ? "198.51.100." + (n + 10) : "2001:DB8:E7E:0:0:0:0:" + Integer.toHexString(0x100 + n);
    ips.add(ip);
    return ip;
  }

  private String device() {
    String device = "env-dev-" + Integer.toHexString(0xD0CE00 + deviceIds.size()) + "-pii";
    deviceIds.add(device);
    return device;
  }

  /** Where each sent ip (as sent, and canonical) or device id appears in {@code text}: positions only. */
  private List<String> piiFoundIn(String text) {
    Set<String> values = new LinkedHashSet<>();
    for (String ip : ips) {
      values.add(ip);
      values.add(IpLiterals.canonical(ip));
    }
    values.addAll(deviceIds);
    List<String> found = new ArrayList<>();
    int i = 0;
    for (String value : values) {
      if (text.contains(value)) {
        found.add("known value #" + i);
      }
      i++;
    }
    return found;
  }

  private static long count(String jdbcUrl, String table) throws Exception {
    return countWhere(jdbcUrl, table, "true");
  }

  private static long countWhere(String jdbcUrl, String table, String condition) throws Exception {
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table + " WHERE " + condition)) {
      rs.next();
      return rs.getLong(1);
    }
  }
  /** Whether {@code event} reads as one JSON object whose {@code detail} is an object. */
  private static boolean splicesIntoAnEvent(String event) {
    try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.databind.ObjectMapper().createParser(event)) {
      com.fasterxml.jackson.databind.JsonNode tree = parser.readValueAsTree();
      return tree != null && tree.isObject() && tree.path("detail").isObject() && parser.nextToken() == null;
    } catch (java.io.IOException notJson) {
      return false;
    }
  }

}
