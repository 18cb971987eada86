package dev.loginetl.core.transform;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.loginetl.core.model.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes a login out of the envelope that carried it to SQS: an Amazon SNS notification (raw message
 * delivery off) or an Amazon EventBridge event. Total: every body gives an {@link Envelope}; no
 * exception escapes.
 *
 * <p><b>Recognition.</b> With {@link EnvelopeMode#AUTO}, a body that is one JSON object with the
 * top-level fields {@code Type}, {@code TopicArn} and {@code Message} (which every SNS message
 * carries, whatever its type) is an SNS message; else one with {@code detail-type}, {@code source}
 * and {@code detail} is an EventBridge event; anything else is {@link Envelope.Bare bare}.
 * Recognition does not need the id, so that an envelope that lacks it is reported as such. With
 * {@link EnvelopeMode#SNS} or {@link EnvelopeMode#EVENTBRIDGE}, a body that is not that envelope
 * is {@link Envelope.NotAnEnvelope}; with {@link EnvelopeMode#NONE}, every body is bare.
 *
 * <p><b>Rules</b>, in this order, for a recognised envelope:
 *
 * <ol>
 *   <li>A field the reader reads appears once ({@code DUPLICATE_FIELD}): SNS {@code Type}, {@code
 *       MessageId}, {@code TopicArn}, {@code Message}, {@code Timestamp}; EventBridge {@code id},
 *       {@code time}, {@code source}, {@code detail-type}, {@code detail}.
 *   <li>SNS only: {@code Type} is {@code "Notification"} ({@code ENVELOPE_UNKNOWN_TYPE}). Other
 *       types, such as {@code SubscriptionConfirmation}, carry no login; nothing in them is
 *       confirmed or fetched.
 *   <li>The event id ({@code MessageId}, {@code id}) is a string of 1 to {@value #MAX_EVENT_ID_LENGTH}
 *       ASCII letters, digits, {@code -}, {@code _}, {@code .} or {@code :} ({@code
 *       ENVELOPE_MISSING_ID}); AWS's are UUIDs. It becomes the login's idempotency key.
 *   <li>The timestamp ({@code Timestamp}, {@code time}) is an ISO-8601 date and time with an offset
 *       (AWS writes UTC, {@code Z}) whose UTC date falls in the years 1 to 9999 ({@code
 *       ENVELOPE_INVALID_TIME}). Its UTC date becomes {@code create_date}.
 *   <li>SNS: {@code Message} is a string ({@code WRONG_TYPE}); the login is its text, which {@link
 *       LoginParser} then reads. EventBridge: {@code detail} is an object ({@code NOT_OBJECT}); the
 *       login is its JSON text exactly as in the body.
 * </ol>
 *
 * <p>A broken envelope is keyed by its event id whenever that is usable by rule 3 (and, if it
 * appears twice, the same both times), whichever rule it breaks, so that two deliveries of one
 * event give one rejection; an envelope without one is keyed by its SQS message id.
 *
 * <p>Envelopes are not unwrapped twice: an SNS {@code Message} that is itself an envelope is read as
 * a login. Details never quote a value from the body. Thread-safe and stateless.
 */
final class EnvelopeReader {
  /** The longest event id taken as an idempotency key. */
  public static final int MAX_EVENT_ID_LENGTH = 128;

  private static final List<String> SNS_FIELDS = List.of("Type", "MessageId", "TopicArn", "Message", "Timestamp");
  private static final List<String> SNS_MARKERS = List.of("Type", "TopicArn", "Message");
  private static final List<String> EVENTBRIDGE_FIELDS = List.of("id", "time", "source", "detail-type", "detail");
  private static final List<String> EVENTBRIDGE_MARKERS = List.of("detail-type", "source", "detail");
  private static final Set<String> READ = Set.of(
      "Type", "MessageId", "TopicArn", "Message", "Timestamp", "id", "time", "source", "detail-type", "detail");
  /** SNS message types other than Notification, which a detail may name: they are AWS's, not the body's. */
  private static final Set<String> OTHER_SNS_TYPES = Set.of("SubscriptionConfirmation", "UnsubscribeConfirmation");
  private static final Envelope BARE = new Envelope.Bare();

  /** One top-level field the reader reads: how often it appears, and its first value. */
  private static final class Field {
    int count;
    JsonToken token;
    /** The value, for a string. */
    String text;
    /** Whether a later occurrence has another value than the first (or is not a string). */
    boolean differs;
    /** Where the value starts and ends in the body (end exclusive), for an object. */
    int start;
    int end;
  }

  private EnvelopeReader() {}

  /**
   * What {@code body} is, under {@code mode}.
   *
   * @param mode never null
   * @param body never null
   * @return never null
   */
  public static Envelope read(EnvelopeMode mode, String body) {
    requireNonNull(mode, "mode");
    requireNonNull(body, "body");
    if (mode == EnvelopeMode.NONE || (mode == EnvelopeMode.AUTO && cannotBeAnEnvelope(body))) {
      return BARE;
    }
    Map<String, Field> fields = scan(body);
    if (fields == null) {
      return mode == EnvelopeMode.AUTO ? BARE : notJson(body);
    }
    Envelope.Kind kind;
    if (mode == EnvelopeMode.AUTO) {
      if (fields.keySet().containsAll(SNS_MARKERS)) {
        kind = Envelope.Kind.SNS;
      } else if (fields.keySet().containsAll(EVENTBRIDGE_MARKERS)) {
        kind = Envelope.Kind.EVENTBRIDGE;
      } else {
        return BARE;
      }
    } else {
      kind = mode == EnvelopeMode.SNS ? Envelope.Kind.SNS : Envelope.Kind.EVENTBRIDGE;
      List<String> markers = kind == Envelope.Kind.SNS ? SNS_MARKERS : EVENTBRIDGE_MARKERS;
      for (String marker : markers) {
        if (!fields.containsKey(marker)) {
          return new Envelope.NotAnEnvelope(RejectReason.MISSING_FIELD,
              "the body is not " + (kind == Envelope.Kind.SNS ? "an SNS notification" : "an EventBridge event")
                  + ": envelope field '" + marker + "' is missing");
        }
      }
    }
    return kind == Envelope.Kind.SNS ? sns(fields) : eventBridge(fields, body);
  }

  private static Envelope sns(Map<String, Field> fields) {
    Envelope.Kind kind = Envelope.Kind.SNS;
    String duplicate = firstDuplicate(fields, SNS_FIELDS);
    if (duplicate != null) {
      return new Envelope.Broken(kind, usableId(fields.get("MessageId")), RejectReason.DUPLICATE_FIELD,
          appearsTwice(duplicate));
    }
    Field idField = fields.get("MessageId");
    String id = usableId(idField);
    Field type = fields.get("Type");
    if (type.token != JsonToken.VALUE_STRING || !"Notification".equals(type.text)) {
      return new Envelope.Broken(kind, id, RejectReason.ENVELOPE_UNKNOWN_TYPE, unknownType(type));
    }
    if (id == null) {
      return new Envelope.Broken(kind, null, RejectReason.ENVELOPE_MISSING_ID,
          "the SNS notification has no usable MessageId: it " + problemWithId(idField));
    }
    Instant time = time(fields.get("Timestamp"));
    if (time == null) {
      return new Envelope.Broken(kind, id, RejectReason.ENVELOPE_INVALID_TIME, invalidTime("Timestamp"));
    }
    Field message = fields.get("Message");
    if (message.token != JsonToken.VALUE_STRING) {
      return new Envelope.Broken(kind, id, RejectReason.WRONG_TYPE,
          "envelope field 'Message' must be a JSON string holding the login, found " + LoginParser.describe(message.token));
    }
    return new Envelope.Unwrapped(kind, id, time, message.text);
  }

  private static Envelope eventBridge(Map<String, Field> fields, String body) {
    Envelope.Kind kind = Envelope.Kind.EVENTBRIDGE;
    String duplicate = firstDuplicate(fields, EVENTBRIDGE_FIELDS);
    if (duplicate != null) {
      return new Envelope.Broken(kind, usableId(fields.get("id")), RejectReason.DUPLICATE_FIELD,
          appearsTwice(duplicate));
    }
    Field idField = fields.get("id");
    String problem = problemWithId(idField);
    if (problem != null) {
      return new Envelope.Broken(kind, null, RejectReason.ENVELOPE_MISSING_ID,
          "the EventBridge event has no usable id: it " + problem);
    }
    String id = idField.text;
    Instant time = time(fields.get("time"));
    if (time == null) {
      return new Envelope.Broken(kind, id, RejectReason.ENVELOPE_INVALID_TIME, invalidTime("time"));
    }
    Field detail = fields.get("detail");
    if (detail.token != JsonToken.START_OBJECT) {
      return new Envelope.Broken(kind, id, RejectReason.NOT_OBJECT,
          "the EventBridge detail is " + LoginParser.describe(detail.token) + ", not a JSON object");
    }
    return new Envelope.Unwrapped(kind, id, time, body.substring(detail.start, detail.end));
  }

  /**
   * The top-level fields the reader reads, or null when the body is not one well-formed JSON object
   * (or exceeds the parser's limits).
   */
  private static Map<String, Field> scan(String body) {
    Map<String, Field> fields = new HashMap<>();
    try (JsonParser parser = LoginParser.JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!READ.contains(name)) {
          parser.skipChildren();
          continue;
        }
        Field field = fields.computeIfAbsent(name, n -> new Field());
        if (++field.count > 1) {
          field.differs |= value != JsonToken.VALUE_STRING || field.token != JsonToken.VALUE_STRING
              || !parser.getText().equals(field.text);
          parser.skipChildren();
          continue;
        }
        field.token = value;
        if (value == JsonToken.VALUE_STRING) {
          field.text = parser.getText();
        } else if (value == JsonToken.START_OBJECT) {
          field.start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
          parser.skipChildren();
          field.end = Math.toIntExact(parser.currentTokenLocation().getCharOffset()) + 1;
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return null;
      }
      return fields;
    } catch (JsonProcessingException notJson) {
      return null;
    } catch (IOException e) {
      // A String source does no I/O; anything here is a bug, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * True when {@code body} certainly lacks both {@code TopicArn} and {@code detail-type}, without
   * parsing it, so that a bare login is not read twice: a field name can differ from its text in the
   * body only through a backslash escape. Exact, not a guess: false only sends the body to {@link
   * #scan}.
   */
  private static boolean cannotBeAnEnvelope(String body) {
    return body.indexOf('\\') < 0 && !body.contains("\"TopicArn\"") && !body.contains("\"detail-type\"");
  }

  /** For a mode that requires an envelope: why a body that is not one JSON object is rejected. */
  private static Envelope notJson(String body) {
    if (LoginParser.parse(body) instanceof ParseResult.Invalid invalid
        && (invalid.reason() == RejectReason.NOT_JSON || invalid.reason() == RejectReason.NOT_OBJECT)) {
      return new Envelope.NotAnEnvelope(invalid.reason(), invalid.detail());
    }
    return new Envelope.NotAnEnvelope(RejectReason.NOT_JSON, "the body is not valid JSON");
  }

  private static String firstDuplicate(Map<String, Field> fields, List<String> names) {
    for (String name : names) {
      Field field = fields.get(name);
      if (field != null && field.count > 1) {
        return name;
      }
    }
    return null;
  }

  /**
   * The event id of a field that is usable as one ({@link #problemWithId}) and, if it appears more
   * than once, has the same value each time; else null.
   */
  private static String usableId(Field field) {
    return problemWithId(field) == null && !field.differs ? field.text : null;
  }

  /** What makes {@code field} unusable as an event id, as the end of a sentence; null when it is usable. */
  private static String problemWithId(Field field) {
    if (field == null || field.token == JsonToken.VALUE_NULL) {
      return "is missing";
    }
    if (field.token != JsonToken.VALUE_STRING) {
      return "is " + LoginParser.describe(field.token) + ", not a string";
    }
    String id = field.text;
    if (id.isEmpty()) {
      return "is empty";
    }
    if (id.length() > MAX_EVENT_ID_LENGTH) {
      return "is longer than " + MAX_EVENT_ID_LENGTH + " characters";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!allowed) {
        return "holds characters other than ASCII letters, digits, '-', '_', '.' and ':'";
      }
    }
    return null;
  }

  /** The instant of an ISO-8601 date and time with an offset, or null. */
  private static Instant time(Field field) {
    if (field == null || field.token != JsonToken.VALUE_STRING || field.text.length() > 64) {
      return null;
    }
    try {
      Instant time = OffsetDateTime.parse(field.text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      int year = LocalDate.ofInstant(time, ZoneOffset.UTC).getYear();
      return year >= 1 && year <= 9999 ? time : null;
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static String unknownType(Field type) {
    if (type.token != JsonToken.VALUE_STRING) {
      return "envelope field 'Type' must be the string Notification, found " + LoginParser.describe(type.token);
    }
    if (OTHER_SNS_TYPES.contains(type.text)) {
      return "the SNS message is a " + type.text + ", not a Notification: it carries no login; recorded, never confirmed";
    }
    return "the SNS message's Type is not Notification, the only type that carries a login";
  }

  private static String appearsTwice(String field) {
    return "envelope field '" + field + "' appears more than once";
  }

  private static String invalidTime(String field) {
    return "envelope field '" + field + "' is missing or not an ISO-8601 date and time with an offset";
  }
}
