package dev.loginetl.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Which bodies the sender refuses before sending: exactly those SQS would refuse for characters. */
class SqsBodyCharactersProperties {

  @Property
  void acceptsBodiesMadeOfCharactersSqsAllows(@ForAll("sqsBodies") String body) {
    assertThat(SqsSender.hasOnlySqsCharacters(body)).isTrue();
  }

  @Property
  void refusesABodyWithAnyCharacterSqsDoesNotAllow(
      @ForAll("sqsBodies") String body,
      @ForAll("forbidden") String forbidden,
      @ForAll("positions") int position) {
    int at = body.isEmpty() ? 0 : Math.floorMod(position, body.length() + 1);
    // Never split a surrogate pair of the valid body.
    if (at > 0 && at < body.length() && Character.isLowSurrogate(body.charAt(at))) {
      at--;
    }
    String spoiled = body.substring(0, at) + forbidden + body.substring(at);

    assertThat(SqsSender.hasOnlySqsCharacters(spoiled)).isFalse();
  }

  @Provide
  Arbitrary<String> sqsBodies() {
    Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.of(0x9, 0xA, 0xD)),
        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0xD7FF)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xE000, 0xFFFD)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoints.list().ofMaxSize(40).map(list -> {
      StringBuilder text = new StringBuilder();
      list.forEach(text::appendCodePoint);
      return text.toString();
    });
  }

  @Provide
  Arbitrary<String> forbidden() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0x0, 0x8).map(Character::toString),
        Arbitraries.of(0xB, 0xC).map(Character::toString),
        Arbitraries.integers().between(0xE, 0x1F).map(Character::toString),
        Arbitraries.of(0xFFFE, 0xFFFF).map(Character::toString),
        Arbitraries.integers().between(0xD800, 0xDFFF).map(c -> String.valueOf((char) (int) c)));
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 1000);
  }
}
