package dev.loginetl.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.IpAttributes;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lookups in a real, published database: ip-location-db's CC0 {@code geo-whois-asn-country} MMDB
 * from the npm registry (fetched by {@code .ci/run}: {@code npm pack
 * @ip-location-db/geo-whois-asn-country-mmdb}, then its {@code package/geo-whois-asn-country.mmdb}),
 * named by {@code LOGINETL_TEST_COUNTRY_MMDB}. Its publisher marks the npm copies as deprecated and
 * not fully accurate: good for tests, not for production. Without the file this test fails.
 */
@Tag("tools")
class MmdbEnricherRealDatabaseTest {

  @Test
  void findsTheCountriesOfWellKnownAddressesInIpLocationDbsCountryDatabase() throws Exception {
    String named = System.getenv("LOGINETL_TEST_COUNTRY_MMDB");
    assertThat(named).as("LOGINETL_TEST_COUNTRY_MMDB names the geo-whois-asn-country MMDB").isNotBlank();
    Path file = Path.of(named);
    assertThat(Files.isRegularFile(file)).as("the file LOGINETL_TEST_COUNTRY_MMDB names exists").isTrue();
    try (MmdbEnricher enricher = MmdbEnricher.open(GeoIpDatabases.of(file, null))) {
      assertThat(enricher.countryType()).isEqualTo("country ipvAll");
      assertThat(enricher.enrich(InetAddress.getByName("8.8.8.8")).country()).isEqualTo("US");
      assertThat(enricher.enrich(InetAddress.getByName("193.0.6.139")).country()).isEqualTo("NL");
      assertThat(enricher.enrich(InetAddress.getByName("2001:4860:4860::8888")).country()).isEqualTo("US");
      assertThat(enricher.enrich(InetAddress.getByName("::ffff:193.0.6.139")).country()).isEqualTo("NL");
      assertThat(enricher.enrich(InetAddress.getByName("10.0.0.1"))).isEqualTo(IpAttributes.NONE);
    }
  }
}
