package dev.loginetl.core.transform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Makes the copy of a rejected body that is kept with its rejection, with no personal data in
 * clear.
 *
 * <p>A body that is a well-formed JSON object is kept field for field, except that every {@code ip}
 * and {@code device_id} value (of any type, every occurrence, at any depth: in nested objects and
 * arrays too, since a producer may wrap the login, and inside string values that themselves hold a
 * JSON object or array, as an SNS notification's {@code Message} does, whether or not the envelope
 * is one the loader knows) is replaced by its mask, as a string; a JSON null stays null. A string
 * holding JSON is kept as the redacted JSON text (its spacing may change). One that starts like JSON
 * but cannot be read as one object or array (cut short, spoilt, too deep, followed by more text) is
 * masked whole when it may name {@code ip} or {@code device_id} as a key: when {@code "ip"} or
 * {@code "device_id"} appears in it once its escapes are decoded, as many times as JSON is nested
 * in its strings ({@code "\\u0069p"} is {@code "ip"}). Masks are the same as in {@code
 * user_logins}, so a rejected message can be matched with accepted ones.
 *
 * <p>Any other body (not JSON, not an object, too deeply nested) cannot be searched for personal
 * data, so it is masked whole and kept as {@code {"masked_body": "<mask>"}}; with a reversible
 * masker its holder can still recover it.
 *
 * <p>For an envelope the loader recognised (an SNS notification, an EventBridge event), {@link
 * #redactEnvelope} also treats the envelope's login as a body of its own: one that cannot be
 * searched is masked whole, as it would be had it come bare.
 *
 * <p>The result is always a JSON object in ASCII (other characters, and unpaired surrogates, as
 * {@code \\uXXXX} escapes), which any PostgreSQL text column can hold. Thread-safe.
 */
final class BodyRedactor {
  /** The key under which a body masked whole is kept. */
  public static final String MASKED_BODY_KEY = "masked_body";
  /** How many levels of JSON inside JSON strings are searched; a deeper one is masked whole. */
  static final int MAX_EMBEDDING = 8;

  private final Masker masker;

  public BodyRedactor(Masker masker) {
    this.masker = masker;
  }

  /** The body with its personal data masked, as described above. */
  public String redact(String body) {
    String redacted;
    try {
      redacted = redactObject(body);
    } catch (JsonProcessingException notJson) {
      redacted = null;
    } catch (IOException e) {
      // A String source does no I/O; anything here is a bug, not bad input.
      throw new UncheckedIOException(e);
    }
    return redacted != null ? redacted : maskedWhole(body);
  }

  /**
   * As {@link #redact(String)}, for a body that is an envelope (an SNS notification, an EventBridge
   * event) whose top-level field {@code loginField} carries the login: that field's value is
   * redacted as a body of its own would be, so that a login that cannot be searched for personal
   * data is masked whole there too. A string value is replaced by the redaction of its text (a JSON
   * object text, as {@link #redact(String)} returns); an object is redacted in place; null stays
   * null; any other value becomes {@code {"masked_body": "<mask>"}}. Everything else is as in
   * {@link #redact(String)}; a body that is not one JSON object is masked whole.
   *
   * @param loginField the envelope's field that carries the login, e.g. {@code Message}
   */
  public String redactEnvelope(String body, String loginField) {
    String redacted;
    try {
      redacted = redactObject(body, loginField);
    } catch (JsonProcessingException notJson) {
      redacted = null;
    } catch (IOException e) {
      // A String source does no I/O; anything here is a bug, not bad input.
      throw new UncheckedIOException(e);
    }
    return redacted != null ? redacted : maskedWhole(body);
  }

  /** The redacted copy, or null when the body is well-formed JSON but not one object. */
  private String redactObject(String body) throws IOException {
    return redactStructure(body, true, 0);
  }

  /** As {@link #redactObject(String)}, with the top-level {@code loginField} redacted as a body. */
  private String redactObject(String body, String loginField) throws IOException {
    StringWriter out = new StringWriter(body.length() + 64);
    try (JsonParser parser = LoginParser.JSON.createParser(body);
        JsonGenerator generator = generator(out)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      generator.writeStartObject();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        generator.writeFieldName(name);
        if (!name.equals(loginField)) {
          copyField(parser, generator, name, value, 0);
        } else if (value == JsonToken.VALUE_STRING) {
          generator.writeString(redact(parser.getText()));
        } else if (value == JsonToken.START_OBJECT) {
          copyRedacted(parser, generator, 0);
        } else if (value == JsonToken.VALUE_NULL) {
          generator.writeNull();
        } else {
          generator.writeStartObject();
          generator.writeStringField(MASKED_BODY_KEY, masker.mask(PiiField.BODY, valueText(parser, value)));
          generator.writeEndObject();
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new JsonParseException(parser, "object not closed");
      }
      generator.writeEndObject();
      if (parser.nextToken() != null) {
        return null;
      }
    }
    return out.toString();
  }

  /**
   * The redacted copy of {@code text}, or null when it is not one well-formed JSON object (with
   * {@code objectOnly}) or one object or array (without).
   */
  private String redactStructure(String text, boolean objectOnly, int embedding) throws IOException {
    StringWriter out = new StringWriter(text.length() + 64);
    try (JsonParser parser = LoginParser.JSON.createParser(text);
        JsonGenerator generator = generator(out)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT && (objectOnly || first != JsonToken.START_ARRAY)) {
        return null;
      }
      copyRedacted(parser, generator, embedding);
      if (parser.nextToken() != null) {
        return null;
      }
    }
    return out.toString();
  }

  /**
   * Copies the value at the parser's current token, masking every {@code ip} and {@code device_id}
   * field inside it at any depth, also inside string values that themselves hold JSON (an SNS
   * notification carries the login as a JSON string in {@code Message}). Recursion is bounded by
   * the factory's nesting limit, and embedding by {@link #MAX_EMBEDDING}.
   */
  private void copyRedacted(JsonParser parser, JsonGenerator generator, int embedding) throws IOException {
    JsonToken current = parser.currentToken();
    if (current == JsonToken.START_OBJECT) {
      generator.writeStartObject();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        generator.writeFieldName(name);
        copyField(parser, generator, name, value, embedding);
      }
      if (token != JsonToken.END_OBJECT) {
        // Cannot happen with Jackson, which throws on a truncated object; masked whole if it did.
        throw new JsonParseException(parser, "object not closed");
      }
      generator.writeEndObject();
    } else if (current == JsonToken.START_ARRAY) {
      generator.writeStartArray();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        copyRedacted(parser, generator, embedding);
      }
      generator.writeEndArray();
    } else if (current == JsonToken.VALUE_STRING && mayHoldJson(parser.getText())) {
      generator.writeString(redactEmbedded(parser.getText(), embedding + 1));
    } else {
      // Exact: a float copied through a double would lose digits, and 1e999 would become "Infinity".
      generator.copyCurrentEventExact(parser);
    }
  }

  /** Copies the value of the field {@code name}: masked when it is {@code ip} or {@code device_id}. */
  private void copyField(JsonParser parser, JsonGenerator generator, String name, JsonToken value, int embedding)
      throws IOException {
    PiiField pii = piiField(name);
    if (pii == null) {
      copyRedacted(parser, generator, embedding);
    } else if (value == JsonToken.VALUE_NULL) {
      generator.writeNull();
    } else {
      generator.writeString(masker.mask(pii, valueText(parser, value)));
    }
  }

  /**
   * A string value that holds a JSON object or array, redacted as a body is; any other string as
   * it was. Past {@link #MAX_EMBEDDING} levels of JSON inside strings the string is masked whole,
   * since it can no longer be searched.
   */
  private String redactEmbedded(String text, int embedding) throws IOException {
    if (embedding > MAX_EMBEDDING) {
      return masker.mask(PiiField.BODY, text);
    }
    String redacted;
    try {
      redacted = redactStructure(text, false, embedding);
    } catch (JsonProcessingException notJson) {
      redacted = null;
    }
    if (redacted != null) {
      return redacted;
    }
    // Cut short, spoilt, too deep or followed by more text: it cannot be searched field by field.
    return mayNamePiiField(text) ? masker.mask(PiiField.BODY, text) : text;
  }

  /**
   * Whether {@code text}, which cannot be read as JSON, may name a personal field as a key: whether
   * {@code "ip"} or {@code "device_id"} appears in it once its JSON escapes are decoded, once for
   * each level of JSON held in strings (a key spelled {@code "\\u0069p"}, or escaped again inside an
   * embedded string, is found at the pass that decodes it). Text still holding escapes after {@link
   * #MAX_EMBEDDING} passes cannot be searched, and may.
   */
  private static boolean mayNamePiiField(String text) {
    String decoded = text;
    for (int pass = 0; pass <= MAX_EMBEDDING; pass++) {
      if (decoded.contains('"' + PiiField.IP.jsonName() + '"')
          || decoded.contains('"' + PiiField.DEVICE_ID.jsonName() + '"')) {
        return true;
      }
      String next = decodeEscapes(decoded);
      if (next == null) {
        return false;
      }
      decoded = next;
    }
    return true;
  }

  /**
   * {@code text} with its JSON escapes ({@code \\"}, {@code \\\\}, {@code \\/}, {@code \\b}, {@code \\f},
   * {@code \\n}, {@code \\r}, {@code \\t}, {@code \\uXXXX} in either case) decoded, wherever they stand; a
   * backslash that starts none is kept. Null when there is none to decode.
   */
  private static String decodeEscapes(String text) {
    int backslash = text.indexOf('\\');
    if (backslash < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, backslash);
    boolean decodedAny = false;
    int i = backslash;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      int simple = "\"\\/bfnrt".indexOf(next);
      if (simple >= 0) {
        out.append("\"\\/\b\f\n\r\t".charAt(simple));
        i += 2;
        decodedAny = true;
      } else if (next == 'u' && i + 6 <= text.length() && isHex(text, i + 2, i + 6)) {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 6;
        decodedAny = true;
      } else {
        out.append(c);
        i++;
      }
    }
    return decodedAny ? out.toString() : null;
  }

  private static boolean isHex(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean mayHoldJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  private static String valueText(JsonParser parser, JsonToken value) throws IOException {
    if (value.isScalarValue()) {
      return parser.getText();
    }
    StringWriter structure = new StringWriter();
    try (JsonGenerator copy = LoginParser.JSON.createGenerator(structure)) {
      copy.copyCurrentStructure(parser);
    }
    return structure.toString();
  }

  private String maskedWhole(String body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = generator(out)) {
      generator.writeStartObject();
      generator.writeStringField(MASKED_BODY_KEY, masker.mask(PiiField.BODY, body));
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static JsonGenerator generator(StringWriter out) throws IOException {
    JsonGenerator generator = LoginParser.JSON.createGenerator(out);
    generator.configure(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true);
    return generator;
  }

  private static PiiField piiField(String name) {
    if (PiiField.IP.jsonName().equals(name)) {
      return PiiField.IP;
    }
    if (PiiField.DEVICE_ID.jsonName().equals(name)) {
      return PiiField.DEVICE_ID;
    }
    return null;
  }
}
