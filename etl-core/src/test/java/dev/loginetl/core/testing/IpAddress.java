package dev.loginetl.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * An IP address as its eight 16-bit groups: an IPv6 address, or an IPv4 one held as its IPv4-mapped form
 * {@code ::ffff:a.b.c.d}. Knows, independently of the code under test, its canonical text and the
 * many ways to spell it.
 *
 * <p>{@link #toString()} does not print the address: test output shows no ip.
 */
public record IpAddress(List<Integer> groups) {
  public IpAddress {
    groups = List.copyOf(groups);
    if (groups.size() != 8 || groups.stream().anyMatch(g -> g < 0 || g > 0xffff)) {
      throw new IllegalArgumentException("an address is eight groups of 0..ffff");
    }
  }

  /** The IPv4 address {@code a.b.c.d}, as its IPv4-mapped IPv6 address. */
  public static IpAddress ipv4(int a, int b, int c, int d) {
    return new IpAddress(List.of(0, 0, 0, 0, 0, 0xffff, a << 8 | b, c << 8 | d));
  }

  /** Whether this is an IPv4 address ({@code ::ffff:0:0/96}). */
  public boolean isIpv4() {
    for (int i = 0; i < 5; i++) {
      if (groups.get(i) != 0) {
        return false;
      }
    }
    return groups.get(5) == 0xffff;
  }

  /**
   * The canonical text: dotted decimal for an IPv4 address, else RFC 5952 section 4 (lower-case
   * hexadecimal without leading zeros; the longest run of two or more zero groups, the first of
   * equal runs, shortened to {@code ::}).
   */
  public String canonical() {
    if (isIpv4()) {
      return dottedQuad();
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups.get(j) == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(j, i + 1);
    }
    List<String> hex = new ArrayList<>();
    for (int group : groups) {
      hex.add(Integer.toHexString(group));
    }
    if (bestStart < 0) {
      return String.join(":", hex);
    }
    return String.join(":", hex.subList(0, bestStart)) + "::"
        + String.join(":", hex.subList(bestStart + bestLength, 8));
  }

  /**
   * One of the spellings RFC 4291 section 2.2 allows, chosen by {@code random}: either case, leading
   * zeros up to four digits, {@code ::} in place of any one run of zero groups (not only the
   * longest, nor the whole of it), the last 32 bits as a dotted quad; an IPv4 address also as plain
   * dotted decimal.
   */
  public String spell(Random random) {
    if (isIpv4() && random.nextInt(3) == 0) {
      return dottedQuad();
    }
    boolean dotted = random.nextInt(3) == 0;
    int hexCount = dotted ? 6 : 8;
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < hexCount; i++) {
      tokens.add(spellGroup(groups.get(i), random));
    }
    List<int[]> zeroRuns = new ArrayList<>();
    for (int start = 0; start < hexCount; start++) {
      for (int end = start; end < hexCount && groups.get(end) == 0; end++) {
        zeroRuns.add(new int[] {start, end + 1});
      }
    }
    String tail = dotted ? dottedQuad() : null;
    if (zeroRuns.isEmpty() || random.nextInt(4) == 0) {
      if (tail != null) {
        tokens.add(tail);
      }
      return String.join(":", tokens);
    }
    int[] run = zeroRuns.get(random.nextInt(zeroRuns.size()));
    List<String> right = new ArrayList<>(tokens.subList(run[1], hexCount));
    if (tail != null) {
      right.add(tail);
    }
    return String.join(":", tokens.subList(0, run[0])) + "::" + String.join(":", right);
  }

  private static String spellGroup(int group, Random random) {
    StringBuilder hex = new StringBuilder(Integer.toHexString(group));
    int width = hex.length() + random.nextInt(5 - hex.length());
    while (hex.length() < width) {
      hex.insert(0, '0');
    }
    switch (random.nextInt(3)) {
      case 0:
        return hex.toString();
      case 1:
        return hex.toString().toUpperCase(Locale.ROOT);
      default:
        for (int i = 0; i < hex.length(); i++) {
          if (random.nextBoolean()) {
            hex.setCharAt(i, Character.toUpperCase(hex.charAt(i)));
          }
        }
        return hex.toString();
    }
  }

  private String dottedQuad() {
    int high = groups.get(6);
    int low = groups.get(7);
    return (high >> 8) + "." + (high & 0xff) + "." + (low >> 8) + "." + (low & 0xff);
  }

  @Override
  public String toString() {
    return isIpv4() ? "IpAddress[IPv4, ***]" : "IpAddress[IPv6, ***]";
  }
}
