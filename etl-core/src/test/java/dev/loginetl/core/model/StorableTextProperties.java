package dev.loginetl.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.StorableText.Flaw;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Text is storable exactly when it holds no U+0000 and no unpaired surrogate; the flaw named is the first. */
class StorableTextProperties {

  @Property
  void textWithoutNulOrLoneSurrogatesIsStorable(@ForAll("text") String value) {
    assertThat(StorableText.isStorable(value)).isTrue();
    assertThat(StorableText.flaw(value)).isNull();
  }

  @Property
  void textWithNulOrAnUnpairedSurrogateIsNot(
      @ForAll("text") String prefix, @ForAll("unstorable") char bad, @ForAll("text") String suffix) {
    // A high surrogate followed by a low one would be a pair: keep the suffix from starting with one.
    String value = prefix + bad + (Character.isHighSurrogate(bad) ? "x" : "") + suffix;

    assertThat(StorableText.isStorable(value)).isFalse();
    assertThat(StorableText.flaw(value)).isEqualTo(bad == '\u0000' ? Flaw.NUL : Flaw.UNPAIRED_SURROGATE);
  }

  @Property
  void theFlawNamedIsTheFirstInTheText(
      @ForAll("text") String prefix, @ForAll("unstorable") char first, @ForAll("unstorable") char second) {
    // "x" after each bad char keeps a high surrogate from pairing with what follows.
    String value = prefix + first + "x" + second + "x";

    assertThat(StorableText.flaw(value)).isEqualTo(first == '\u0000' ? Flaw.NUL : Flaw.UNPAIRED_SURROGATE);
  }

  @Example
  void aSurrogatePairIsStorableAndAReversedOneIsNot() {
    assertThat(StorableText.isStorable("\ud83d\ude00")).isTrue();
    assertThat(StorableText.isStorable("\ude00\ud83d")).isFalse();
    assertThat(StorableText.isStorable(null)).isTrue();
    assertThat(StorableText.flaw("\ud83d")).isEqualTo(Flaw.UNPAIRED_SURROGATE);
    assertThat(StorableText.flaw("a\u0000\ud83d")).isEqualTo(Flaw.NUL);
  }

  @Provide
  Arbitrary<String> text() {
    Arbitrary<Character> special = Arbitraries.of('\\', '\t', '\n', '\r', 'N', '.', '"', ',', '{', '}');
    Arbitrary<Character> bmp = Arbitraries.oneOf(
        Arbitraries.chars().range('\u0001', '\ud7ff'), Arbitraries.chars().range('\ue000', '\uffff'));
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
}
