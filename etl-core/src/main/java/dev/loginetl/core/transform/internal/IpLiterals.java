package dev.loginetl.core.transform.internal;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * Puts IP address literals into one canonical form before they are masked, so that every spelling
 * of an address masks alike.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /**
   * The canonical text of {@code value} when it is an IPv4 or IPv6 literal (RFC 5952 for IPv6, so
   * {@code 2001:DB8::1} and {@code 2001:0db8:0:0:0:0:0:1} both give {@code 2001:db8::1}; an
   * IPv4-mapped IPv6 address gives its IPv4 form); {@code value} itself otherwise.
   *
   * <p>A literal with a zone ({@code fe80::1%eth0}) is returned as given: resolving a named zone
   * depends on the machine's interfaces, and masks must not. So is text with digits of other
   * scripts (fullwidth or Arabic-Indic, say): a literal is ASCII, though Guava reads any Unicode
   * digit.
   */
  public static String canonical(String value) {
    if (value.isEmpty() || value.length() > 45 || !onlyLiteralCharacters(value)) {
      return value;
    }
    InetAddress address;
    try {
      address = InetAddresses.forString(value);
    } catch (IllegalArgumentException notAnAddress) {
      return value;
    }
    return InetAddresses.toAddrString(address);
  }

  /** Whether every character is an ASCII hexadecimal digit, a colon or a dot. */
  private static boolean onlyLiteralCharacters(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
        return false;
      }
    }
    return true;
  }
}
