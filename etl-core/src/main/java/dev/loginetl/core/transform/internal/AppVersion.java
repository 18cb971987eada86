package dev.loginetl.core.transform.internal;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Encodes an application version into the {@code integer} column without losing its order.
 *
 * <p>{@code MAJOR[.MINOR[.PATCH]]}, decimal ASCII digits with an optional leading {@code v}, becomes
 * {@code MAJOR * 1_000_000 + MINOR * 1_000 + PATCH}, with MINOR and PATCH at most 999 and MAJOR at
 * most 2146 so that the result fits a signed 32-bit integer. Missing parts count as zero, so
 * {@code 2.3} and {@code 2.3.0} are equal, and each part compares as a number, so {@code 0.9.6 <
 * 0.60 < 9.10}. Anything else has no encoding; the caller keeps the original text in any case.
 */
public final class AppVersion {
  /** The largest MAJOR that still fits the column. */
  public static final int MAX_MAJOR = 2146;
  /** The largest MINOR or PATCH. */
  public static final int MAX_PART = 999;

  private static final int MAJOR_WEIGHT = 1_000_000;
  private static final int MINOR_WEIGHT = 1_000;

  private AppVersion() {}

  /**
   * The ordered integer for {@code raw}, or empty when it is not a version of the accepted form.
   *
   * @param raw never null
   */
  public static OptionalInt encode(String raw) {
    int length = raw.length();
    int pos = length > 0 && raw.charAt(0) == 'v' ? 1 : 0;
    long[] parts = new long[3];
    int count = 0;
    while (true) {
      int start = pos;
      long value = 0;
      while (pos < length) {
        char c = raw.charAt(pos);
        if (c < '0' || c > '9') {
          break;
        }
        // Past MAX_MAJOR a part is out of range whatever digits follow: stop growing, never overflow.
        if (value <= MAX_MAJOR) {
          value = value * 10 + (c - '0');
        }
        pos++;
      }
      if (pos == start) {
        return OptionalInt.empty();
      }
      parts[count++] = value;
      if (pos == length) {
        break;
      }
      if (raw.charAt(pos) != '.' || count == 3) {
        return OptionalInt.empty();
      }
      pos++;
    }
    if (parts[0] > MAX_MAJOR || parts[1] > MAX_PART || parts[2] > MAX_PART) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) (parts[0] * MAJOR_WEIGHT + parts[1] * MINOR_WEIGHT + parts[2]));
  }

  /**
   * The version an encoded integer stands for, as {@code MAJOR.MINOR.PATCH}, or empty when no
   * version encodes to it.
   */
  public static Optional<String> decode(int encoded) {
    if (encoded < 0) {
      return Optional.empty();
    }
    int major = encoded / MAJOR_WEIGHT;
    int minor = encoded / MINOR_WEIGHT % MINOR_WEIGHT;
    int patch = encoded % MINOR_WEIGHT;
    if (major > MAX_MAJOR) {
      return Optional.empty();
    }
    return Optional.of(major + "." + minor + "." + patch);
  }
}
