package dev.loginetl.core.testing;

import java.util.Random;

/**
 * An application version {@code MAJOR.MINOR.PATCH} within the encodable range, and what the rules
 * say it encodes to.
 */
public record Version(int major, int minor, int patch) implements Comparable<Version> {
  public Version {
    if (major < 0 || major > 2146 || minor < 0 || minor > 999 || patch < 0 || patch > 999) {
      throw new IllegalArgumentException("out of the encodable range");
    }
  }

  /** {@code MAJOR * 1_000_000 + MINOR * 1_000 + PATCH}, as the rules state it. */
  public int encoding() {
    return major * 1_000_000 + minor * 1_000 + patch;
  }

  /** Orders by the parts as numbers: major, then minor, then patch. */
  @Override
  public int compareTo(Version other) {
    if (major != other.major) {
      return Integer.compare(major, other.major);
    }
    if (minor != other.minor) {
      return Integer.compare(minor, other.minor);
    }
    return Integer.compare(patch, other.patch);
  }

  /**
   * One of the texts that stand for this version: an optional leading {@code v}, trailing zero
   * parts left out or not, parts with leading zeros.
   */
  public String spell(Random random) {
    int count = 3;
    if (patch == 0 && random.nextBoolean()) {
      count = minor == 0 && random.nextBoolean() ? 1 : 2;
    }
    int[] parts = {major, minor, patch};
    StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "v" : "");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        text.append('.');
      }
      text.append(leadingZeros(random)).append(parts[i]);
    }
    return text.toString();
  }

  /** Mostly none, sometimes a few, rarely enough to make a part longer than ten digits. */
  static String leadingZeros(Random random) {
    int roll = random.nextInt(20);
    int zeros = roll < 15 ? 0 : roll < 19 ? 1 + random.nextInt(3) : 8 + random.nextInt(5);
    return "0".repeat(zeros);
  }
}
