package dev.loginetl.app.cli;

import dev.loginetl.app.geoip.IpSettings;
import dev.loginetl.geoip.GeoIpDatabases;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The GeoIP databases looked up before masking, and the networks masked into {@code masked_ip_net}. */
public final class GeoIpOptions {
  @Option(names = "--geoip-country-db", paramLabel = "FILE", defaultValue = "${env:LOGINETL_GEOIP_COUNTRY_DB}",
      description = "A country MMDB (GeoLite2/GeoIP2 Country or City, DB-IP, ip-location-db): fills ip_country. "
          + "Reopened when the file is replaced. Env LOGINETL_GEOIP_COUNTRY_DB; default none (ip_country NULL).")
  Path countryDb;

  @Option(names = "--geoip-asn-db", paramLabel = "FILE", defaultValue = "${env:LOGINETL_GEOIP_ASN_DB}",
      description = "An ASN MMDB (GeoLite2/GeoIP2 ASN, DB-IP, ip-location-db): fills ip_asn and ip_asn_org. "
          + "Reopened when the file is replaced. Env LOGINETL_GEOIP_ASN_DB; default none.")
  Path asnDb;

  @Option(names = "--ip-network-v4-prefix", paramLabel = "BITS", defaultValue = "${env:LOGINETL_IP_NETWORK_V4_PREFIX:-24}",
      description = "Prefix length of an IPv4 address's network, masked into masked_ip_net. "
          + "Env LOGINETL_IP_NETWORK_V4_PREFIX; default ${DEFAULT-VALUE}.")
  int ipv4Prefix;

  @Option(names = "--ip-network-v6-prefix", paramLabel = "BITS", defaultValue = "${env:LOGINETL_IP_NETWORK_V6_PREFIX:-48}",
      description = "Prefix length of an IPv6 address's network, masked into masked_ip_net. "
          + "Env LOGINETL_IP_NETWORK_V6_PREFIX; default ${DEFAULT-VALUE}.")
  int ipv6Prefix;

  /** The settings these options give. */
  public IpSettings settings() {
    return new IpSettings(countryDb, asnDb, ipv4Prefix, ipv6Prefix, GeoIpDatabases.DEFAULT_RECHECK);
  }
}
