package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class AppVersionProperties {

  @Property
  void encodingPreservesTheOrderOfVersions(
      @ForAll @IntRange(max = 2146) int major1, @ForAll @IntRange(max = 999) int minor1, @ForAll @IntRange(max = 999) int patch1,
      @ForAll @IntRange(max = 2146) int major2, @ForAll @IntRange(max = 999) int minor2, @ForAll @IntRange(max = 999) int patch2) {
    int byParts = compare(new int[] {major1, minor1, patch1}, new int[] {major2, minor2, patch2});

    int encoded1 = AppVersion.encode(major1 + "." + minor1 + "." + patch1).getAsInt();
    int encoded2 = AppVersion.encode(major2 + "." + minor2 + "." + patch2).getAsInt();

    assertThat(Integer.signum(Integer.compare(encoded1, encoded2))).isEqualTo(byParts);
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

  @Property
  void encodingNeverThrowsAndIsNeverNegative(@ForAll String raw) {
    AppVersion.encode(raw).ifPresent(encoded -> assertThat(encoded).isNotNegative());
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return Integer.signum(Integer.compare(a[i], b[i]));
      }
    }
    return 0;
  }
}
