package dev.loginetl.core.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.loginetl.core.model.LoginEvent;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.StorableText;
import dev.loginetl.core.transform.internal.IpLiterals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a message body into a {@link LoginEvent}, applying the rules on shape, types, lengths and
 * text. Total: every input, however malformed, gives a {@link ParseResult}; no exception escapes.
 *
 * <p>The rules, checked in this order:
 *
 * <ol>
 *   <li>The body is one UTF-8 JSON object with nothing after it ({@code NOT_JSON}, {@code
 *       NOT_OBJECT}). Objects nested deeper than {@value #MAX_NESTING} levels are not read.
 *   <li>A field the rules read appears once ({@code DUPLICATE_FIELD}).
 *   <li>{@code user_id} is a non-blank string of at most 128 characters ({@code MISSING_FIELD},
 *       {@code WRONG_TYPE}, {@code TOO_LONG}).
 *   <li>{@code device_type}, {@code ip}, {@code device_id}, {@code locale}, {@code app_version} are
 *       strings (or, for {@code app_version}, a number); absent or JSON null gives null ({@code
 *       WRONG_TYPE}). {@code device_type} and {@code locale} are at most 32 characters, {@code
 *       app_version} at most 64 ({@code TOO_LONG}).
 *   <li>No value read holds U+0000 or an unpaired surrogate ({@code INVALID_TEXT}).
 * </ol>
 *
 * <p>Where several rules are broken, the first in the body's order is reported, and syntax before
 * anything else. Lengths count Unicode code points, as PostgreSQL's {@code varchar(n)} does. Other
 * fields are ignored and counted. An {@code ip} literal is {@linkplain IpLiterals#canonical
 * canonicalised}.
 *
 * <p>Thread-safe and stateless.
 */
public final class LoginParser {
  /** The deepest nesting read; deeper bodies are {@code NOT_JSON}. */
  public static final int MAX_NESTING = 200;

  static final int USER_ID_MAX = 128;
  static final int DEVICE_TYPE_MAX = 32;
  static final int LOCALE_MAX = 32;
  static final int APP_VERSION_MAX = 64;

  static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING)
                  .maxNumberLength(1000)
                  .maxStringLength(1 << 20)
                  .build())
          .build();

  private enum Field {
    USER_ID("user_id", USER_ID_MAX, false),
    DEVICE_TYPE("device_type", DEVICE_TYPE_MAX, false),
    IP("ip", Integer.MAX_VALUE, false),
    DEVICE_ID("device_id", Integer.MAX_VALUE, false),
    LOCALE("locale", LOCALE_MAX, false),
    APP_VERSION("app_version", APP_VERSION_MAX, true);

    final String jsonName;
    final int maxLength;
    final boolean numberAllowed;

    Field(String jsonName, int maxLength, boolean numberAllowed) {
      this.jsonName = jsonName;
      this.maxLength = maxLength;
      this.numberAllowed = numberAllowed;
    }

    static Field named(String name) {
      switch (name) {
        case "user_id":
          return USER_ID;
        case "device_type":
          return DEVICE_TYPE;
        case "ip":
          return IP;
        case "device_id":
          return DEVICE_ID;
        case "locale":
          return LOCALE;
        case "app_version":
          return APP_VERSION;
        default:
          return null;
      }
    }
  }

  private LoginParser() {}

  /** Parses a body given as bytes, which must be UTF-8. */
  public static ParseResult parse(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      return new ParseResult.Invalid(RejectReason.NOT_JSON, "the body is not valid UTF-8");
    }
    return parse(text);
  }

  /** Parses a body given as text. */
  public static ParseResult parse(String body) {
    try (JsonParser parser = JSON.createParser(body)) {
      return read(parser);
    } catch (StreamConstraintsException e) {
      return new ParseResult.Invalid(
          RejectReason.NOT_JSON,
          "the body exceeds a reading limit (nesting deeper than " + MAX_NESTING
              + " levels, or a number or string too long)" + at(e.getLocation()));
    } catch (JsonProcessingException e) {
      return new ParseResult.Invalid(
          RejectReason.NOT_JSON, "the body is not valid JSON" + at(e.getLocation()));
    } catch (IOException e) {
      // A String source does no I/O; anything here is a bug, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  private static ParseResult read(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return new ParseResult.Invalid(RejectReason.NOT_JSON, "the body is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      parser.skipChildren();
      requireEnd(parser);
      return new ParseResult.Invalid(
          RejectReason.NOT_OBJECT, "the body is " + describe(first) + ", not a JSON object");
    }
    String[] values = new String[Field.values().length];
    boolean[] seen = new boolean[values.length];
    int ignored = 0;
    ParseResult.Invalid firstViolation = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      Field field = Field.named(parser.currentName());
      JsonToken value = parser.nextToken();
      if (field == null) {
        ignored++;
        parser.skipChildren();
        continue;
      }
      ParseResult.Invalid violation = null;
      if (seen[field.ordinal()]) {
        violation = invalid(RejectReason.DUPLICATE_FIELD, field, "appears more than once");
      }
      seen[field.ordinal()] = true;
      String text = null;
      if (value == JsonToken.VALUE_STRING
          || (field.numberAllowed && value.isNumeric())) {
        text = parser.getText();
      } else if (value != JsonToken.VALUE_NULL) {
        violation =
            violation != null
                ? violation
                : invalid(
                    RejectReason.WRONG_TYPE,
                    field,
                    "must be a JSON string" + (field.numberAllowed ? " or number" : "")
                        + ", found " + describe(value));
        parser.skipChildren();
      }
      if (violation == null && text != null) {
        violation = checkText(field, text);
      }
      if (firstViolation == null) {
        firstViolation = violation;
      }
      values[field.ordinal()] = text;
    }
    if (token != JsonToken.END_OBJECT) {
      // Jackson reports malformed objects itself; this is only reached on a truncated body.
      return new ParseResult.Invalid(RejectReason.NOT_JSON, "the body is not valid JSON");
    }
    requireEnd(parser);
    if (firstViolation != null) {
      return firstViolation;
    }
    String userId = values[Field.USER_ID.ordinal()];
    if (userId == null) {
      return invalid(RejectReason.MISSING_FIELD, Field.USER_ID, "is missing or null");
    }
    if (userId.isBlank()) {
      return invalid(RejectReason.MISSING_FIELD, Field.USER_ID, "is blank");
    }
    String ip = values[Field.IP.ordinal()];
    return new ParseResult.Valid(
        new LoginEvent(
            userId,
            values[Field.DEVICE_TYPE.ordinal()],
            ip == null ? null : IpLiterals.canonical(ip),
            values[Field.DEVICE_ID.ordinal()],
            values[Field.LOCALE.ordinal()],
            values[Field.APP_VERSION.ordinal()],
            ignored));
  }

  private static ParseResult.Invalid checkText(Field field, String text) {
    StorableText.Flaw flaw = StorableText.flaw(text);
    if (flaw != null) {
      return invalid(RejectReason.INVALID_TEXT, field, flaw.predicate());
    }
    int length = text.length();
    if (length > field.maxLength) {
      int codePoints = text.codePointCount(0, length);
      if (codePoints > field.maxLength) {
        return invalid(
            RejectReason.TOO_LONG,
            field,
            "is " + codePoints + " characters long; its column holds at most " + field.maxLength);
      }
    }
    return null;
  }

  private static void requireEnd(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new com.fasterxml.jackson.core.JsonParseException(
          parser, "trailing content after the JSON value");
    }
  }

  private static ParseResult.Invalid invalid(RejectReason reason, Field field, String predicate) {
    return new ParseResult.Invalid(reason, "field '" + field.jsonName + "' " + predicate);
  }

  /** How a sentence names a JSON token: "an array", "a number", ... */
  static String describe(JsonToken token) {
    switch (token) {
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return "a " + token;
    }
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
