package dev.loginetl.core.testing;

import static java.util.Objects.requireNonNull;

/**
 * An {@code ip} value as a producer sent it, with the text it must be masked as.
 *
 * @param text as sent
 * @param canonical what the rules make of it before masking: the canonical form of an IPv4 or IPv6
 *     literal, anything else as sent
 * @param kind what the text is; shown where a failure is reported, as the text is not
 */
public record IpSpelling(String text, String canonical, Kind kind) {
  /** What an ip text is. */
  public enum Kind {
    IPV4,
    IPV6,
    /** Not an IP literal: kept as sent. */
    OTHER
  }

  public IpSpelling {
    requireNonNull(text, "text");
    requireNonNull(canonical, "canonical");
    requireNonNull(kind, "kind");
  }

  @Override
  public String toString() {
    return "IpSpelling[" + kind + ", length " + text.length() + "]";
  }
}
