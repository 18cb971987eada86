package dev.loginetl.pii.testing;

import dev.loginetl.core.model.PiiField;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators for the values that pass through a masker. */
public final class PiiValues {
  private PiiValues() {}

  public static Arbitrary<String> ipv4() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    return Combinators.combine(octet, octet, octet, octet)
        .as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
  }

  public static Arbitrary<String> ipv6() {
    return Arbitraries.integers()
        .between(0, 0xFFFF)
        .map(Integer::toHexString)
        .list()
        .ofSize(8)
        .map(groups -> String.join(":", groups));
  }

  /** UUIDs, {@code NNN-NN-NNNN} ids and vendor-style ids. */
  public static Arbitrary<String> deviceIds() {
    Arbitrary<String> uuid = Arbitraries.randomValue(r -> new java.util.UUID(r.nextLong(), r.nextLong()).toString());
    Arbitrary<String> numeric =
        Arbitraries.integers().between(0, 999_999_999)
            .map(n -> String.format("%09d", n))
            .map(s -> s.substring(0, 3) + "-" + s.substring(3, 5) + "-" + s.substring(5));
    Arbitrary<String> vendor =
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(64);
    return Arbitraries.oneOf(uuid, numeric, vendor);
  }

  /** Any UTF-16 string, unpaired surrogates included. */
  public static Arbitrary<String> anyUtf16() {
    return Arbitraries.strings().all().ofMaxLength(200);
  }

  /** Strings of Unicode code points, with many outside the BMP (emoji, CJK extension B...). */
  public static Arbitrary<String> astral() {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x10000, 0x10FFFF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0xD7FF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)));
    return codePoint.list().ofMaxSize(100).map(PiiValues::fromCodePoints);
  }

  /** Long values, up to 20,000 characters. */
  public static Arbitrary<String> long_() {
    return Arbitraries.strings().all().ofMinLength(1_000).ofMaxLength(20_000);
  }

  /** A mix of everything above. */
  public static Arbitrary<String> anyValue() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, ipv4()),
        net.jqwik.api.Tuple.of(1, ipv6()),
        net.jqwik.api.Tuple.of(2, deviceIds()),
        net.jqwik.api.Tuple.of(3, anyUtf16()),
        net.jqwik.api.Tuple.of(2, astral()),
        net.jqwik.api.Tuple.of(1, long_()));
  }

  public static Arbitrary<PiiField> fields() {
    return Arbitraries.of(PiiField.class);
  }

  /** Two different fields. */
  public static Arbitrary<List<PiiField>> twoFields() {
    return Arbitraries.of(PiiField.class).list().ofSize(2).uniqueElements();
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder s = new StringBuilder();
    codePoints.forEach(s::appendCodePoint);
    return s.toString();
  }
}
