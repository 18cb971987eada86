package dev.loginetl.app.geoip;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.core.port.IpEnricher;
import dev.loginetl.core.transform.IpAnalytics;
import dev.loginetl.geoip.GeoIpConfigException;
import dev.loginetl.geoip.MmdbEnricher;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's {@link IpAnalytics}: its GeoIP databases opened (or none), counted by {@link
 * IpLookupMeters}, with the configured networks. Says once at start which databases it reads, or
 * that the {@code ip_*} columns stay NULL. Closing stops the databases' recheck thread; idempotent.
 */
public final class IpEnrichment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IpEnrichment.class);

  private final MmdbEnricher databases;
  private final IpAnalytics analytics;

  private IpEnrichment(MmdbEnricher databases, IpAnalytics analytics) {
    this.databases = databases;
    this.analytics = analytics;
  }

  /**
   * Opens the databases {@code settings} names.
   *
   * @throws ConfigurationException when one cannot be used: missing, unreadable, not an MMDB file,
   *     or of the wrong type (exit 2)
   */
  public static IpEnrichment open(IpSettings settings, MeterRegistry registry) {
    MmdbEnricher databases = null;
    if (settings.countryDb() == null && settings.asnDb() == null) {
      LOG.info("no GeoIP database given (--geoip-country-db, --geoip-asn-db): ip_country, ip_asn and ip_asn_org"
          + " stay NULL; masked_ip_net masks each ip's /{} or /{}", settings.ipv4Prefix(), settings.ipv6Prefix());
    } else {
      try {
        databases = MmdbEnricher.open(settings.databases());
      } catch (GeoIpConfigException e) {
        throw new ConfigurationException(e.getMessage(), e);
      }
      LOG.info("looking ips up in {}{}; masked_ip_net masks each ip's /{} or /{}",
          databases.countryType() == null ? "no country database"
              : "the country database " + settings.countryDb() + " (" + databases.countryType() + ")",
          databases.asnType() == null ? ", no ASN database"
              : " and the ASN database " + settings.asnDb() + " (" + databases.asnType() + ")",
          settings.ipv4Prefix(), settings.ipv6Prefix());
    }
    IpEnricher counted = new IpLookupMeters(databases == null ? IpEnricher.NONE : databases, registry);
    return new IpEnrichment(databases, new IpAnalytics(counted, settings.ipv4Prefix(), settings.ipv6Prefix()));
  }

  /** What the transformer takes. */
  public IpAnalytics analytics() {
    return analytics;
  }

  @Override
  public void close() {
    if (databases != null) {
      databases.close();
    }
  }
}
