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
 * arrays too, since a producer may wrap the login) is replaced by its mask, as a string; a JSON null
 * stays null. Masks are the same as in {@code user_logins}, so a rejected
 * message can be matched with accepted ones.
 *
 * <p>Any other body (not JSON, not an object, too deeply nested) cannot be searched for personal
 * data, so it is masked whole and kept as {@code {"masked_body": "<mask>"}}; with a reversible
 * masker its holder can still recover it.
 *
 * <p>The result is always a JSON object in ASCII (other characters, and unpaired surrogates, as
 * {@code \\uXXXX} escapes), which any PostgreSQL text column can hold. Thread-safe.
 */
public final class BodyRedactor {
  /** The key under which a body masked whole is kept. */
  public static final String MASKED_BODY_KEY = "masked_body";

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

  /** The redacted copy, or null when the body is well-formed JSON but not one object. */
  private String redactObject(String body) throws IOException {
    StringWriter out = new StringWriter(body.length() + 64);
    try (JsonParser parser = LoginParser.JSON.createParser(body);
        JsonGenerator generator = generator(out)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      copyRedacted(parser, generator);
      if (parser.nextToken() != null) {
        return null;
      }
    }
    return out.toString();
  }

  /**
   * Copies the value at the parser's current token, masking every {@code ip} and {@code device_id}
   * field inside it at any depth. Recursion is bounded by the factory's nesting limit.
   */
  private void copyRedacted(JsonParser parser, JsonGenerator generator) throws IOException {
    JsonToken current = parser.currentToken();
    if (current == JsonToken.START_OBJECT) {
      generator.writeStartObject();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        generator.writeFieldName(name);
        PiiField pii = piiField(name);
        if (pii == null) {
          copyRedacted(parser, generator);
        } else if (value == JsonToken.VALUE_NULL) {
          generator.writeNull();
        } else {
          generator.writeString(masker.mask(pii, valueText(parser, value)));
        }
      }
      if (token != JsonToken.END_OBJECT) {
        // Cannot happen with Jackson, which throws on a truncated object; masked whole if it did.
        throw new JsonParseException(parser, "object not closed");
      }
      generator.writeEndObject();
    } else if (current == JsonToken.START_ARRAY) {
      generator.writeStartArray();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        copyRedacted(parser, generator);
      }
      generator.writeEndArray();
    } else {
      // Exact: a float copied through a double would lose digits, and 1e999 would become "Infinity".
      generator.copyCurrentEventExact(parser);
    }
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
