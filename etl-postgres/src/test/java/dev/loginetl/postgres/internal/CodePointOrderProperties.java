package dev.loginetl.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Message ids sort as PostgreSQL's "C" collation sorts their UTF-8: by code point. */
class CodePointOrderProperties {

  @Property
  void ordersAsTheCodePointsDo(@ForAll("ids") String a, @ForAll("ids") String b) {
    int expected = Integer.signum(Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));

    assertThat(Integer.signum(Batch.CODE_POINT_ORDER.compare(a, b))).isEqualTo(expected);
  }

  @Example
  void putsCodePointsAboveTheBasicPlaneAfterPrivateUseCharacters() {
    // UTF-16 order would put the surrogate pair (U+1F600) first.
    assertThat(Batch.CODE_POINT_ORDER.compare("a\ud83d\ude00", "a\uffff")).isPositive();
    assertThat(Batch.CODE_POINT_ORDER.compare("a\ue000", "a\ud7ff")).isPositive();
    assertThat(Batch.CODE_POINT_ORDER.compare("ab", "abc")).isNegative();
  }

  @Provide
  Arbitrary<String> ids() {
    Arbitrary<String> ascii = Arbitraries.chars().range('0', 'z').map(String::valueOf);
    Arbitrary<String> high = Arbitraries.chars().range('\ue000', '\uffff').map(String::valueOf);
    Arbitrary<String> low = Arbitraries.chars().range('\u0080', '\ud7ff').map(String::valueOf);
    Arbitrary<String> pairs = Arbitraries.integers().between(0x10000, 0x10ffff).map(Character::toString);
    return Arbitraries.frequencyOf(Tuple.of(4, ascii), Tuple.of(1, high), Tuple.of(1, low), Tuple.of(1, pairs))
        .list()
        .ofMaxSize(6)
        .map(parts -> String.join("", parts));
  }
}
