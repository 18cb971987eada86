package dev.loginetl.geoip.internal;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

/**
 * The country of a record of a country database, in either layout: MaxMind's (GeoLite2, GeoIP2,
 * DB-IP's MMDBs: {@code country.iso_code}, else {@code registered_country.iso_code} for an address
 * with no located country, such as an anycast one) or ip-location-db's ({@code country_code}). Other
 * fields are not decoded. Immutable: the reader's cache shares instances between threads.
 */
public final class CountryRecord {
  private final String code;

  @MaxMindDbConstructor
  public CountryRecord(
      @MaxMindDbParameter(name = "country") IsoCode country,
      @MaxMindDbParameter(name = "registered_country") IsoCode registeredCountry,
      @MaxMindDbParameter(name = "country_code") String countryCode) {
    this.code = country != null && country.code() != null ? country.code()
        : countryCode != null ? countryCode
        : registeredCountry != null ? registeredCountry.code()
        : null;
  }

  /** The ISO 3166-1 alpha-2 code as the database spells it; null when it has none. */
  public String code() {
    return code;
  }

  /** A {@code country} or {@code registered_country} map of MaxMind's layout. */
  public static final class IsoCode {
    private final String code;

    @MaxMindDbConstructor
    public IsoCode(@MaxMindDbParameter(name = "iso_code") String code) {
      this.code = code;
    }

    String code() {
      return code;
    }
  }
}
