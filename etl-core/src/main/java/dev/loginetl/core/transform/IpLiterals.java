package dev.loginetl.core.transform;

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
   * depends on the machine's interfaces, and masks must not.
   */
  public static String canonical(String value) {
    if (value.isEmpty() || value.length() > 45 || value.indexOf('%') >= 0) {
      return value;
    }
    char first = value.charAt(0);
    if (Character.digit(first, 16) < 0 && first != ':') {
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
}
