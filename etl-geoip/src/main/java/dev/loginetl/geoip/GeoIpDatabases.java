package dev.loginetl.geoip;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which MMDB files an {@link MmdbEnricher} reads, and how often it checks whether they were replaced.
 * Immutable.
 *
 * @param country nullable: a country database (GeoLite2/GeoIP2 Country or City, DB-IP country,
 *     ip-location-db country); null for none
 * @param asn nullable: an ASN database (GeoLite2/GeoIP2 ASN, DB-IP ASN, ip-location-db ASN); null
 *     for none
 * @param recheck how often each file's modification time, size and identity are compared with the
 *     ones it was opened with; positive
 */
public record GeoIpDatabases(Path country, Path asn, Duration recheck) {
  /** How often files are checked by default: often enough to follow a weekly update within seconds. */
  public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(5);

  public GeoIpDatabases {
    requireNonNull(recheck, "recheck");
    if (recheck.isZero() || recheck.isNegative()) {
      throw new IllegalArgumentException("the GeoIP databases' recheck interval must be positive, was " + recheck);
    }
  }

  /** The given files, checked every {@link #DEFAULT_RECHECK}. */
  public static GeoIpDatabases of(Path country, Path asn) {
    return new GeoIpDatabases(country, asn, DEFAULT_RECHECK);
  }

  /** Whether no database is given. */
  public boolean isEmpty() {
    return country == null && asn == null;
  }
}
