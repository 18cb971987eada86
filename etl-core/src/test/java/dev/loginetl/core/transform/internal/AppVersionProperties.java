package dev.loginetl.core.transform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.testing.LoginArbitraries;
import dev.loginetl.core.testing.Version;
import dev.loginetl.core.testing.VersionSpelling;
import java.util.OptionalInt;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;

/**
 * Rule 6: {@code MAJOR[.MINOR[.PATCH]]} (optional leading {@code v}) encodes as {@code
 * MAJOR*1_000_000 + MINOR*1_000 + PATCH} within MINOR, PATCH &le; 999 and MAJOR &le; 2146, and
 * anything else has no encoding; the encoding orders versions as their parts do.
 */
class AppVersionProperties {

  @Property(tries = 2000)
  void aVersionEncodesAsMajorMillionsPlusMinorThousandsPlusPatch(@ForAll("versions") VersionSpelling version) {
    OptionalInt expected = version.encoding() == null ? OptionalInt.empty() : OptionalInt.of(version.encoding());

    assertThat(AppVersion.encode(version.text())).as("encoding of %s", version).isEqualTo(expected);
  }

  @Property(tries = 2000)
  void encodingPreservesTheOrderOfVersions(@ForAll("versionPairs") Tuple2<Version, Version> pair, @ForAll long seed) {
    Random random = new Random(seed);
    String first = pair.get1().spell(random);
    String second = pair.get2().spell(random);

    int byParts = Integer.signum(pair.get1().compareTo(pair.get2()));
    int byEncoding = Integer.signum(Integer.compare(AppVersion.encode(first).getAsInt(), AppVersion.encode(second).getAsInt()));

    assertThat(byEncoding).as("order of %s and %s by their encodings", first, second).isEqualTo(byParts);
  }

  @Property
  void decodingAnEncodingGivesTheVersionBack(
      @ForAll @IntRange(max = 2146) int major, @ForAll @IntRange(max = 999) int minor, @ForAll @IntRange(max = 999) int patch) {
    String version = major + "." + minor + "." + patch;

    assertThat(AppVersion.decode(AppVersion.encode(version).getAsInt())).contains(version);
  }

  @Property
  void missingPartsCountAsZero(@ForAll @IntRange(max = 2146) int major, @ForAll @IntRange(max = 999) int minor) {
    assertThat(AppVersion.encode(major + "." + minor)).isEqualTo(AppVersion.encode(major + "." + minor + ".0"));
    assertThat(AppVersion.encode(String.valueOf(major))).isEqualTo(AppVersion.encode(major + ".0.0"));
  }

  /** Totality: any text gives an encoding or none, never an exception nor a negative number. */
  @Property
  void encodingNeverThrowsAndIsNeverNegative(@ForAll String raw) {
    AppVersion.encode(raw).ifPresent(encoded -> assertThat(encoded).isNotNegative());
  }

  @Provide
  Arbitrary<VersionSpelling> versions() {
    return LoginArbitraries.versions();
  }

  @Provide
  Arbitrary<Tuple2<Version, Version>> versionPairs() {
    return LoginArbitraries.versionPairs();
  }
}
