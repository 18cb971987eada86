package dev.loginetl.app.geoip;

import dev.loginetl.core.transform.IpAnalytics;
import dev.loginetl.geoip.GeoIpDatabases;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the runner learns of each ip before masking it: which GeoIP databases it reads, and the
 * prefix lengths of the network it masks into {@code masked_ip_net}. Immutable.
 *
 * @param countryDb nullable: the country MMDB; null for none
 * @param asnDb nullable: the ASN MMDB; null for none
 * @param ipv4Prefix the network of an IPv4 address, 0 to 32
 * @param ipv6Prefix the network of an IPv6 address, 0 to 128
 * @param recheck how often the databases' files are checked for a replacement
 */
public record IpSettings(Path countryDb, Path asnDb, int ipv4Prefix, int ipv6Prefix, Duration recheck) {
  /** No database, default networks. */
  public static final IpSettings DEFAULT = new IpSettings(null, null, IpAnalytics.DEFAULT_IPV4_PREFIX,
      IpAnalytics.DEFAULT_IPV6_PREFIX, GeoIpDatabases.DEFAULT_RECHECK);

  public IpSettings {
    // Fails with IpAnalytics's sentence on a prefix out of range.
    new IpAnalytics(dev.loginetl.core.port.IpEnricher.NONE, ipv4Prefix, ipv6Prefix);
    new GeoIpDatabases(countryDb, asnDb, recheck);
  }

  /** The databases, as the adapter takes them. */
  public GeoIpDatabases databases() {
    return new GeoIpDatabases(countryDb, asnDb, recheck);
  }

  /** These settings with the given databases. */
  public IpSettings withDatabases(Path countryDb, Path asnDb) {
    return new IpSettings(countryDb, asnDb, ipv4Prefix, ipv6Prefix, recheck);
  }
}
