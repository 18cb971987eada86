package dev.loginetl.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The COPY text encoder against a reference decoder written from PostgreSQL's documentation of
 * the format. CopyRoundTripIT checks the same against the real server.
 */
class CopyTextProperties {

  @Property
  void aRowOfFieldsDecodesToTheSameFields(@ForAll List<@From("nullableText") String> fields) {
    StringBuilder encoded = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        encoded.append(CopyText.FIELD_SEPARATOR);
      }
      CopyText.appendText(encoded, fields.get(i));
    }
    encoded.append(CopyText.ROW_END);

    List<String> decoded = decodeRow(encoded.toString());

    assertThat(decoded).isEqualTo(fields.isEmpty() ? List.of("") : fields);
  }

  @Property
  void anEncodedFieldHoldsNoRawSeparatorOrLineEnd(@ForAll("text") String value) {
    StringBuilder encoded = new StringBuilder();
    CopyText.appendText(encoded, value);

    assertThat(encoded.toString()).doesNotContain("\t", "\n", "\r");
  }

  @Property
  void textWithNulOrAnUnpairedSurrogateIsRefused(@ForAll("text") String prefix, @ForAll("unstorable") char bad) {
    String value = prefix + bad;

    assertThat(CopyText.isStorable(value)).isFalse();
    assertThatThrownBy(() -> CopyText.appendText(new StringBuilder(), value))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .isIn(
            "a value holds U+0000, which PostgreSQL text cannot hold",
            "a value holds an unpaired surrogate, which is not Unicode text");
  }

  @Example
  void literalBackslashNIsNotNull() {
    StringBuilder nullField = new StringBuilder();
    CopyText.appendText(nullField, null);
    StringBuilder backslashN = new StringBuilder();
    CopyText.appendText(backslashN, "\\N");

    assertThat(nullField.toString()).isEqualTo("\\N");
    assertThat(backslashN.toString()).isEqualTo("\\\\N");
  }

  @Example
  void aSurrogatePairIsKeptWhole() {
    StringBuilder out = new StringBuilder();
    CopyText.appendText(out, "\ud83d\ude00");

    assertThat(out.toString()).isEqualTo("\ud83d\ude00");
    assertThat(CopyText.isStorable("\ud83d\ude00")).isTrue();
    assertThat(CopyText.isStorable("\ude00\ud83d")).isFalse();
  }

  @Provide
  Arbitrary<String> nullableText() {
    return text().injectNull(0.2);
  }

  @Provide
  Arbitrary<String> text() {
    Arbitrary<Character> special = Arbitraries.of('\\', '\t', '\n', '\r', 'N', '.', '"', ',');
    Arbitrary<Character> bmp = Arbitraries.chars().range('\u0001', '\ud7ff');
    Arbitrary<String> pairs = Arbitraries.integers().between(0x10000, 0x10ffff).map(Character::toString);
    return Arbitraries.frequencyOf(
            Tuple.of(3, special.map(String::valueOf)), Tuple.of(3, bmp.map(String::valueOf)), Tuple.of(1, pairs))
        .list()
        .ofMaxSize(30)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<Character> unstorable() {
    return Arbitraries.oneOf(Arbitraries.just('\u0000'), Arbitraries.chars().range('\ud800', '\udfff'));
  }

  /** PostgreSQL's reading of one text-format line (https://www.postgresql.org/docs/current/sql-copy.html). */
  private static List<String> decodeRow(String line) {
    assertThat(line).endsWith("\n");
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean sawNullMarker = false;
    String body = line.substring(0, line.length() - 1);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\t') {
        fields.add(sawNullMarker ? null : field.toString());
        field.setLength(0);
        sawNullMarker = false;
      } else if (c == '\\') {
        char next = body.charAt(++i);
        if (next == 'N' && field.length() == 0 && (i + 1 == body.length() || body.charAt(i + 1) == '\t')) {
          sawNullMarker = true;
        } else {
          field.append(switch (next) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> '\u000b';
            default -> next;
          });
        }
      } else {
        assertThat(c).as("raw line end inside a field").isNotIn('\n', '\r');
        field.append(c);
      }
    }
    fields.add(sawNullMarker ? null : field.toString());
    return fields;
  }
}
