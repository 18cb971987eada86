package dev.loginetl.core.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A JSON value to be written as a message body, and the writer that spells it in one of its many
 * equivalent ways: members in any order, whitespace between tokens, and characters written as
 * {@code \\uXXXX} escapes (or short escapes) where plain text would do. Every spelling of a value
 * reads back as the same value; {@link Raw} is the one exception, written verbatim, for bodies that
 * must not be valid JSON.
 *
 * <p>Strings are sequences of UTF-16 units: a lone surrogate is written too (raw or escaped), as a
 * hostile producer could. {@link #read} and {@link #canonical} let a test compare JSON text by what
 * it holds.
 */
public sealed interface Json {

  /** A JSON string holding {@code text}. */
  record Str(String text) implements Json {
    public Str {
      requireNonNull(text, "text");
    }
  }

  /** A JSON number, written exactly as {@code literal}. */
  record Num(String literal) implements Json {
    public Num {
      requireNonNull(literal, "literal");
    }
  }

  /** {@code true}, {@code false} or {@code null}. */
  record Word(String word) implements Json {
    public Word {
      if (!List.of("true", "false", "null").contains(word)) {
        throw new IllegalArgumentException("not a JSON literal: " + word);
      }
    }
  }

  /** A JSON array. */
  record Arr(List<Json> items) implements Json {
    public Arr {
      items = List.copyOf(items);
    }
  }

  /** A JSON object; its members may repeat a name, which JSON's grammar allows. */
  record Obj(List<Member> members) implements Json {
    public Obj {
      members = List.copyOf(members);
    }
  }

  /** Text written as it is, whatever it holds: the way to write what is not valid JSON. */
  record Raw(String text) implements Json {
    public Raw {
      requireNonNull(text, "text");
    }
  }

  /** One member of an object. */
  record Member(String name, Json value) {
    public Member {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
    }
  }

  Json NULL = new Word("null");

  /**
   * A text that two values share exactly when they hold the same JSON: members compared as a
   * multiset (order aside, repeated names kept), numbers by value ({@code 1e3} = {@code 1000.0}),
   * strings by their characters.
   */
  default String canonical() {
    if (this instanceof Str str) {
      return LoginArbitraries.quote(str.text());
    }
    if (this instanceof Num num) {
      return new BigDecimal(num.literal()).stripTrailingZeros().toString();
    }
    if (this instanceof Word word) {
      return word.word();
    }
    if (this instanceof Arr arr) {
      return arr.items().stream().map(Json::canonical).collect(Collectors.joining(",", "[", "]"));
    }
    if (this instanceof Obj obj) {
      return obj.members().stream()
          .map(member -> LoginArbitraries.quote(member.name()) + ":" + member.value().canonical())
          .sorted()
          .collect(Collectors.joining(",", "{", "}"));
    }
    throw new IllegalStateException("raw text has no canonical form");
  }

  /**
   * Reads JSON text into a value, keeping what a tree model would lose: member order, repeated
   * names, number literals.
   *
   * @throws IllegalArgumentException when the text is not one JSON value
   */
  static Json read(String text) {
    try (JsonParser parser = new JsonFactory().createParser(text)) {
      parser.nextToken();
      Json value = readValue(parser);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("trailing content");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  private static Json readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      List<Member> members = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        members.add(new Member(name, readValue(parser)));
      }
      return new Obj(members);
    }
    if (token == JsonToken.START_ARRAY) {
      List<Json> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(readValue(parser));
      }
      return new Arr(items);
    }
    if (token == JsonToken.VALUE_STRING) {
      return new Str(parser.getText());
    }
    if (token.isNumeric()) {
      return new Num(parser.getText());
    }
    if (token == null) {
      throw new IllegalArgumentException("no value");
    }
    return new Word(parser.getText());
  }

  /** How many arrays and objects deep this value is: 0 for a scalar. */
  default int depth() {
    if (this instanceof Arr arr) {
      return 1 + arr.items().stream().mapToInt(Json::depth).max().orElse(0);
    }
    if (this instanceof Obj obj) {
      return 1 + obj.members().stream().mapToInt(member -> member.value().depth()).max().orElse(0);
    }
    return 0;
  }

  /** {@code depth} arrays, each the only item of the one around it. */
  static Json nestedArrays(int depth) {
    Json value = new Arr(List.of());
    for (int i = 1; i < depth; i++) {
      value = new Arr(List.of(value));
    }
    return value;
  }

  /**
   * How a value is spelled: the share of optional escapes and of optional whitespace, whether
   * members are shuffled, and the seed of every such choice. Rates shrink towards zero, i.e. towards
   * compact JSON without optional escapes.
   */
  record Layout(double escapeRate, double whitespaceRate, boolean shuffle, long seed) {}

  /** This value as JSON text spelled by {@code layout}. */
  default String write(Layout layout) {
    StringBuilder out = new StringBuilder();
    Writer writer = new Writer(layout, out);
    writer.space();
    writer.value(this);
    writer.space();
    return out.toString();
  }

  /** Writes values according to a layout; one per written text. */
  final class Writer {
    private static final String WHITESPACE = " \t\n\r";

    private final Layout layout;
    private final Random random;
    private final StringBuilder out;

    private Writer(Layout layout, StringBuilder out) {
      this.layout = layout;
      this.random = new Random(layout.seed());
      this.out = out;
    }

    private void value(Json value) {
      if (value instanceof Str str) {
        string(str.text());
      } else if (value instanceof Num num) {
        out.append(num.literal());
      } else if (value instanceof Word word) {
        out.append(word.word());
      } else if (value instanceof Raw raw) {
        out.append(raw.text());
      } else if (value instanceof Arr arr) {
        out.append('[');
        for (int i = 0; i < arr.items().size(); i++) {
          if (i > 0) {
            space();
            out.append(',');
          }
          space();
          value(arr.items().get(i));
        }
        space();
        out.append(']');
      } else {
        List<Member> members = new ArrayList<>(((Obj) value).members());
        if (layout.shuffle()) {
          Collections.shuffle(members, random);
        }
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            space();
            out.append(',');
          }
          space();
          string(members.get(i).name());
          space();
          out.append(':');
          space();
          value(members.get(i).value());
        }
        space();
        out.append('}');
      }
    }

    private void space() {
      while (random.nextDouble() < layout.whitespaceRate() / 2) {
        out.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
      }
    }

    private void string(String text) {
      out.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean optional = random.nextDouble() < layout.escapeRate();
        if (c == '"' || c == '\\') {
          if (optional) {
            unicodeEscape(c);
          } else {
            out.append('\\').append(c);
          }
        } else if (c < 0x20) {
          String shortEscape = shortEscape(c);
          if (shortEscape != null && random.nextBoolean()) {
            out.append(shortEscape);
          } else {
            unicodeEscape(c);
          }
        } else if (c == '/' && optional && random.nextBoolean()) {
          out.append("\\/");
        } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          // A pair is escaped whole or not at all: half of it raw would not be Unicode text.
          char low = text.charAt(++i);
          if (optional) {
            unicodeEscape(c);
            unicodeEscape(low);
          } else {
            out.append(c).append(low);
          }
        } else if (optional) {
          unicodeEscape(c);
        } else {
          out.append(c);
        }
      }
      out.append('"');
    }

    private void unicodeEscape(char c) {
      String hex = String.format("%04x", (int) c);
      out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
    }

    private static String shortEscape(char c) {
      switch (c) {
        case '\b':
          return "\\b";
        case '\f':
          return "\\f";
        case '\n':
          return "\\n";
        case '\r':
          return "\\r";
        case '\t':
          return "\\t";
        default:
          return null;
      }
    }
  }
}
