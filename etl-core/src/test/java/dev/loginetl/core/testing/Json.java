package dev.loginetl.core.testing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A JSON value to be written as a message body, and the writer that spells it in one of its many
 * equivalent ways: members in any order, whitespace between tokens, and characters written as
 * {@code \\uXXXX} escapes (or short escapes) where plain text would do. Every spelling of a value
 * reads back as the same value; {@link Raw} is the one exception, written verbatim, for bodies that
 * must not be valid JSON.
 *
 * <p>Strings are sequences of UTF-16 units: a lone surrogate is written too (raw or escaped), as a
 * hostile producer could.
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
  record Layout(double escapeRate, double whitespaceRate, boolean shuffle, long seed) {
    /** Compact, in the order given, escaping only what must be escaped. */
    public static final Layout PLAIN = new Layout(0, 0, false, 0);
  }

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
