package dev.loginetl.geoip.internal;

import java.util.Locale;

/** What a database is read for, and which database types can serve it. */
public enum DatabaseKind {
  /**
   * Countries: MaxMind's {@code GeoLite2-Country}, {@code GeoIP2-Country}, {@code -City} and
   * {@code -Enterprise}, DB-IP's {@code DBIP-Country-Lite}, {@code DBIP-City-Lite}, ip-location-db's
   * {@code country ipvAll}: any type naming a country or a city.
   */
  COUNTRY("country", "--geoip-country-db", "a country database (GeoLite2-Country, DBIP-Country-Lite, an"
      + " ip-location-db country MMDB)"),
  /**
   * Autonomous systems: {@code GeoLite2-ASN}, {@code GeoIP2-ISP}, {@code DBIP-ASN-Lite},
   * ip-location-db's ASN MMDBs: any type naming an ASN or an ISP.
   */
  ASN("ASN", "--geoip-asn-db", "an ASN database (GeoLite2-ASN, DBIP-ASN-Lite, an ip-location-db ASN MMDB)");

  private final String label;
  private final String option;
  private final String expected;

  DatabaseKind(String label, String option, String expected) {
    this.label = label;
    this.option = option;
    this.expected = expected;
  }

  /** Whether a database of {@code databaseType}, its metadata's type, serves this kind. */
  public boolean serves(String databaseType) {
    String type = databaseType == null ? "" : databaseType.toLowerCase(Locale.ROOT);
    if (this == COUNTRY) {
      return type.contains("country") || type.contains("city") || type.contains("enterprise");
    }
    return type.contains("asn") || type.contains("isp");
  }

  /** {@code country} or {@code ASN}, for log lines. */
  public String label() {
    return label;
  }

  /** The runner's option that names a database of this kind. */
  public String option() {
    return option;
  }

  /** What a database of this kind is, for a sentence about a wrong one. */
  public String expected() {
    return expected;
  }
}
