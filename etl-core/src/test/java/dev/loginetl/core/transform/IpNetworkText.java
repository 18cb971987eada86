package dev.loginetl.core.transform;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/** The default network of an ip, worked out in tests independently of {@link IpAnalytics}. */
final class IpNetworkText {
  private IpNetworkText() {}

  /**
   * The {@code /24} or {@code /48} of {@code ip}, the parser's canonical text, or null when it is
   * null or not an ASCII IP literal.
   */
  static String defaultNetwork(String ip) {
    if (ip == null || !ip.chars().allMatch(c -> c < 128 && (Character.digit(c, 16) >= 0 || c == ':' || c == '.'))
        || !InetAddresses.isInetAddress(ip)) {
      return null;
    }
    InetAddress address = InetAddresses.forString(ip);
    byte[] bytes = address.getAddress();
    boolean v4 = address instanceof Inet4Address;
    Arrays.fill(bytes, v4 ? 3 : 6, bytes.length, (byte) 0);
    return InetAddresses.toAddrString(address(bytes)) + (v4 ? "/24" : "/48");
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
