package dev.loginetl.core.transform;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import dev.loginetl.core.port.IpEnricher;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What the {@link LoginTransformer} learns of an ip before masking it: the attributes its {@link
 * IpEnricher} knows, and its network, which is masked on its own ({@code masked_ip_net}).
 *
 * <p>The network of an IPv4 address is its {@code /ipv4Prefix} ({@code 203.0.113.7} gives {@code
 * 203.0.113.0/24} by default); of an IPv6 address, its {@code /ipv6Prefix} ({@code 2001:db8:1:2::5}
 * gives {@code 2001:db8:1::/48}). An IPv4-mapped IPv6 address is its IPv4 address (the parser's
 * canonical form already is). The text is the canonical address of the network's first address, a
 * slash and the prefix length, so every spelling of an address gives one network text.
 *
 * <p>Immutable and thread-safe when its enricher is.
 *
 * @param enricher looks up country and ASN; {@link IpEnricher#NONE} for none
 * @param ipv4Prefix the prefix length of an IPv4 network, 0 to 32
 * @param ipv6Prefix the prefix length of an IPv6 network, 0 to 128
 */
public record IpAnalytics(IpEnricher enricher, int ipv4Prefix, int ipv6Prefix) {
  /** The IPv4 prefix length by default: a /24 is the smallest block routed between networks. */
  public static final int DEFAULT_IPV4_PREFIX = 24;
  /** The IPv6 prefix length by default: a /48 is what one site is usually given. */
  public static final int DEFAULT_IPV6_PREFIX = 48;

  /** No enricher, default prefixes. */
  public static final IpAnalytics DEFAULT = new IpAnalytics(IpEnricher.NONE, DEFAULT_IPV4_PREFIX, DEFAULT_IPV6_PREFIX);

  public IpAnalytics {
    requireNonNull(enricher, "enricher");
    if (ipv4Prefix < 0 || ipv4Prefix > 32) {
      throw new IllegalArgumentException("the IPv4 network prefix is /" + ipv4Prefix + ": it must be 0 to 32");
    }
    if (ipv6Prefix < 0 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("the IPv6 network prefix is /" + ipv6Prefix + ": it must be 0 to 128");
    }
  }

  /** These settings with {@code enricher} instead of theirs. */
  public IpAnalytics withEnricher(IpEnricher enricher) {
    return new IpAnalytics(enricher, ipv4Prefix, ipv6Prefix);
  }

  /**
   * The address of {@code ip}, the parser's canonical text of an ip, or null when it is not an IP
   * literal (a host name, a literal with a zone, any other text).
   */
  static InetAddress address(String ip) {
    if (ip.isEmpty() || ip.length() > 45) {
      return null;
    }
    for (int i = 0; i < ip.length(); i++) {
      char c = ip.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
        return null;
      }
    }
    try {
      return InetAddresses.forString(ip);
    } catch (IllegalArgumentException notAnAddress) {
      return null;
    }
  }

  /** The network of {@code address} as text, e.g. {@code 203.0.113.0/24}. */
  String network(InetAddress address) {
    byte[] bytes = address.getAddress();
    int prefix = address instanceof Inet4Address ? ipv4Prefix : ipv6Prefix;
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddresses.toAddrString(InetAddress.getByAddress(bytes)) + "/" + prefix;
    } catch (java.net.UnknownHostException impossible) {
      // getByAddress fails only for a length other than 4 or 16, and the bytes are an address's.
      throw new IllegalStateException(impossible);
    }
  }
}
