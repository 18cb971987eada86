package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.testing.LoginArbitraries;
import dev.loginetl.core.testing.AwsEnvelopes;
import dev.loginetl.core.testing.TestMasker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The envelope rules over generated bodies: unwrapping is transparent (a login in an envelope has
 * the outcome it has bare, under the event's id and date), the transform is total over bodies made
 * by wrapping anything in an envelope or breaking one, and no ip or device id that an envelope
 * carries is kept in clear. Envelopes are built as {@link AwsEnvelopes} documents them.
 */
class EnvelopeProperties {
  private static final Instant SQS_SENT = Instant.parse("2026-11-21T00:00:02Z");
  private static final String SQS_ID = "sqs-message-id";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestMasker masker = new TestMasker();
  private final Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
  private final LoginTransformer auto = new LoginTransformer(masker, EnvelopeMode.AUTO, clock);
  private final LoginTransformer none = new LoginTransformer(masker, EnvelopeMode.NONE, clock);

  private static ReceivedMessage sqs(String body) {
    return new ReceivedMessage(SQS_ID, body, SQS_SENT, 1, SQS_ID);
  }

  @Property(tries = 1500)
  void anSnsWrappedLoginHasTheOutcomeItHasBareUnderTheEventsIdAndDate(
      @ForAll("logins") String login, @ForAll("eventIds") String id, @ForAll("times") Instant time) {
    Outcome bare = none.transform(sqs(login));

    Outcome wrapped = auto.transform(sqs(AwsEnvelopes.snsNotification(id, login, iso(time)).toString()));

    assertSameOutcome(bare, wrapped, id, time, reason -> reason == RejectReason.NOT_JSON
        ? RejectReason.ENVELOPE_MESSAGE_NOT_JSON : reason);
  }

  @Property(tries = 1500)
  void anEventBridgeWrappedObjectHasTheOutcomeItHasBareUnderTheEventsIdAndDate(
      @ForAll("objects") String login, @ForAll("eventIds") String id, @ForAll("times") Instant time) {
    Outcome bare = none.transform(sqs(login));

    Outcome wrapped = auto.transform(sqs(AwsEnvelopes.eventBridgeEvent(id, login, iso(time)).toString()));

    assertSameOutcome(bare, wrapped, id, time, Function.identity());
  }

  @Property(tries = 3000)
  void anyStringInAnyPlaceOfAnEnvelopeGivesOneOutcomeUnderAUsableKey(
      @ForAll("anything") String text, @ForAll("placements") Placement placement) {
    String body = placement.wrap(text);

    Outcome outcome = auto.transform(sqs(body));

    assertThat(outcome).isNotNull();
    assertThat(outcome.messageId()).satisfiesAnyOf(
        key -> assertThat(key).isEqualTo(SQS_ID),
        key -> assertThat(key).matches("[A-Za-z0-9._:-]{1,128}"));
    if (outcome instanceof Outcome.Rejected rejected) {
      Rejection rejection = rejected.rejection();
      assertThat(rejection.sqsMessageId()).isEqualTo(SQS_ID);
      assertThat(rejection.detail()).isNotBlank();
      assertThat(isJsonObject(rejection.redactedBody())).as("redacted body is a JSON object").isTrue();
      assertThat(rejection.redactedBody().chars()).allMatch(c -> c < 0x80);
    } else {
      assertThat(((Outcome.Parsed) outcome).row().sqsMessageId()).isEqualTo(SQS_ID);
    }
  }

  @Property(tries = 2000)
  void noIpNorDeviceIdCarriedByAnEnvelopeIsKeptInClear(
      @ForAll("markers") String ip, @ForAll("markers") String device, @ForAll("loginShapes") int shape,
      @ForAll("breakages") int breakage, @ForAll boolean eventBridge) {
    String login = login(shape, ip, device);
    String body = eventBridge ? eventBridge(login, breakage) : sns(login, breakage);

    Outcome outcome = auto.transform(sqs(body));

    String stored = outcome.fold(
        parsed -> String.valueOf(parsed.row()),
        rejected -> rejected.rejection().redactedBody() + rejected.rejection().detail());
    assertThat(stored).doesNotContain(ip).doesNotContain(device);
  }

  // ------------------------------------------------------------------ rules and shapes

  private static void assertSameOutcome(
      Outcome bare, Outcome wrapped, String id, Instant time, Function<RejectReason, RejectReason> reasons) {
    assertThat(wrapped.messageId()).isEqualTo(id);
    if (bare instanceof Outcome.Parsed parsed) {
      LoginRow b = parsed.row();
      assertThat(wrapped).isEqualTo(new Outcome.Parsed(new LoginRow(id, SQS_ID, b.userId(), b.deviceType(),
          b.maskedIp(), b.maskedDeviceId(), b.locale(), b.appVersion(), b.appVersionRaw(),
          LocalDate.ofInstant(time, ZoneOffset.UTC), b.maskedIpNet(), b.ipCountry(), b.ipAsn(), b.ipAsnOrg()),
          parsed.ignoredFields()));
    } else {
      RejectReason reason = ((Outcome.Rejected) bare).rejection().reason();
      assertThat(wrapped).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
        assertThat(rejected.rejection().reason()).isEqualTo(reasons.apply(reason));
        assertThat(rejected.rejection().sqsMessageId()).isEqualTo(SQS_ID);
      });
    }
  }

  /** Where a generated string goes in an envelope. */
  enum Placement {
    SNS_MESSAGE, SNS_MESSAGE_ID, SNS_TIMESTAMP, SNS_TYPE, SNS_RAW_MESSAGE, EVENTBRIDGE_RAW_DETAIL,
    EVENTBRIDGE_ID, EVENTBRIDGE_TIME, EVENTBRIDGE_DETAIL_STRING, EVENTBRIDGE_DETAIL_FIELD;

    String wrap(String text) {
      String id = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
      String time = "2026-11-20T23:59:59.917Z";
      String login = "{\"user_id\":\"u\"}";
      switch (this) {
        case SNS_MESSAGE:
          return AwsEnvelopes.snsNotification(id, text, time).toString();
        case SNS_MESSAGE_ID:
          return AwsEnvelopes.snsNotification(text, login, time).toString();
        case SNS_TIMESTAMP:
          return AwsEnvelopes.snsNotification(id, login, text).toString();
        case SNS_TYPE:
          return AwsEnvelopes.snsNotification(id, login, time).put("Type", text).toString();
        case SNS_RAW_MESSAGE:
          return AwsEnvelopes.snsNotification(id, "", time).toString().replace("\"Message\":\"\"", "\"Message\":" + text);
        case EVENTBRIDGE_RAW_DETAIL:
          return AwsEnvelopes.eventBridgeEvent(id, text, time).toString();
        case EVENTBRIDGE_ID:
          return AwsEnvelopes.eventBridgeEvent(text, login, time).toString();
        case EVENTBRIDGE_TIME:
          return AwsEnvelopes.eventBridgeEvent(id, login, text).toString();
        case EVENTBRIDGE_DETAIL_STRING:
          return AwsEnvelopes.eventBridgeEvent(id, "0", time).put("detail", text).toString();
        default:
          ObjectNode event = AwsEnvelopes.eventBridgeEvent(id, "{}", time);
          event.putObject("detail").put("user_id", text).put("ip", text);
          return event.toString();
      }
    }
  }

  /** A login carrying {@code ip} and {@code device}, well-formed or not, by {@code shape}. */
  private static String login(int shape, String ip, String device) {
    String fields = "\"ip\":\"" + ip + "\",\"device_id\":\"" + device + "\"";
    switch (shape) {
      case 0:
        return "{\"user_id\":\"u\"," + fields + "}"; // valid
      case 1:
        return "{" + fields + "}"; // no user_id
      case 2:
        return "{\"user_id\":7," + fields + "}"; // wrong type
      case 3:
        return "{\"user_id\":\"u\"," + fields; // truncated
      case 4:
        return "[\"" + ip + "\",\"" + device + "\"]"; // not an object
      case 5:
        return "login from " + ip + " on " + device; // not JSON
      case 6:
        return "{\"user_id\":\"u\",\"nested\":{" + fields + "},\"list\":[{" + fields + "}]}"; // nested
      default:
        return "{\"user_id\":\"u\",\"ip\":{\"v\":\"" + ip + "\"},\"device_id\":[\"" + device + "\"]}"; // wrong types
    }
  }

  /** An SNS notification carrying {@code login}, broken by {@code breakage} (0: not broken). */
  private static String sns(String login, int breakage) {
    ObjectNode body = AwsEnvelopes.snsNotification("22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", login, "2026-11-20T23:59:59Z");
    switch (breakage) {
      case 1 -> body.remove("MessageId");
      case 2 -> body.put("Timestamp", "not a time");
      case 3 -> body.put("Type", "SubscriptionConfirmation");
      case 4 -> body.set("Message", JSON.createArrayNode().add(login));
      case 5 -> {
        return body.toString().replaceFirst("\\{", "{\"MessageId\":\"x\",");
      }
      default -> { }
    }
    return body.toString();
  }

  /** An EventBridge event carrying {@code login} (as its detail's text, or as a string), broken by {@code breakage}. */
  private static String eventBridge(String login, int breakage) {
    boolean object = login.startsWith("{\"") && login.endsWith("}");
    ObjectNode body = AwsEnvelopes.eventBridgeEvent("6a7e8feb-b491-4cf7-a9f1-bf3703467718", object ? login : "{}",
        "2026-11-19T12:00:00Z");
    if (!object) {
      body.put("detail", login);
    }
    switch (breakage) {
      case 1 -> body.remove("id");
      case 2 -> body.put("time", "not a time");
      case 3 -> body.put("id", "not usable");
      case 4 -> body.set("detail", JSON.createArrayNode().add(login));
      case 5 -> {
        return body.toString().replaceFirst("\\{", "{\"id\":\"x\",");
      }
      default -> { }
    }
    return body.toString();
  }

  private static String iso(Instant time) {
    return DateTimeFormatter.ISO_INSTANT.format(time);
  }

  private static boolean isJsonObject(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<String> logins() {
    return Arbitraries.oneOf(
        LoginArbitraries.validBodies(),
        LoginArbitraries.jsonLikeBodies(),
        LoginArbitraries.hostileLogins().map(LoginArbitraries.Hostile::body),
        Arbitraries.strings().ofMaxLength(40));
  }

  /** Bodies that are one well-formed JSON object, as an EventBridge detail must be. */
  @Provide
  Arbitrary<String> objects() {
    return logins().filter(body -> none.transform(sqs(body)) instanceof Outcome.Parsed
        || !List.of(RejectReason.NOT_JSON, RejectReason.NOT_OBJECT).contains(
            ((Outcome.Rejected) none.transform(sqs(body))).rejection().reason()));
  }

  @Provide
  Arbitrary<String> eventIds() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((a, b) -> new UUID(a, b).toString());
  }

  @Provide
  Arbitrary<Instant> times() {
    // 1970 to 2100, to the millisecond, as SNS writes them.
    return Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
  }

  @Provide
  Arbitrary<String> anything() {
    return Arbitraries.oneOf(
        Arbitraries.strings(),
        LoginArbitraries.jsonLikeBodies(),
        LoginArbitraries.hostileLogins().map(LoginArbitraries.Hostile::body),
        LoginArbitraries.validBodies(),
        Arbitraries.of("", "null", "{}", "[]", "Notification", "2026-11-20T23:59:59Z", "x".repeat(200)));
  }

  @Provide
  Arbitrary<Placement> placements() {
    return Arbitraries.of(Placement.class);
  }

  @Provide
  Arbitrary<String> markers() {
    return Arbitraries.strings().withCharRange('a', 'z').ofLength(12).map(s -> "MK" + s);
  }

  @Provide
  Arbitrary<Integer> loginShapes() {
    return Arbitraries.integers().between(0, 7);
  }

  @Provide
  Arbitrary<Integer> breakages() {
    return Arbitraries.integers().between(0, 5);
  }
}
