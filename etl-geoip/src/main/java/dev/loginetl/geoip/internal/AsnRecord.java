package dev.loginetl.geoip.internal;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

/**
 * The autonomous system of a record of an ASN database: {@code autonomous_system_number} and {@code
 * autonomous_system_organization}, the names that MaxMind's GeoLite2/GeoIP2 ASN, DB-IP's and
 * ip-location-db's ASN MMDBs all use. Immutable: the reader's cache shares instances between
 * threads.
 */
public final class AsnRecord {
  private final Long number;
  private final String organization;

  @MaxMindDbConstructor
  public AsnRecord(
      @MaxMindDbParameter(name = "autonomous_system_number") Long number,
      @MaxMindDbParameter(name = "autonomous_system_organization") String organization) {
    this.number = number;
    this.organization = organization;
  }

  /** Null when the record has none. */
  public Long number() {
    return number;
  }

  /** Null when the record has none. */
  public String organization() {
    return organization;
  }
}
