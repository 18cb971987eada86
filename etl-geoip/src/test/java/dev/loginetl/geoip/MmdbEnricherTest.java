package dev.loginetl.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.model.IpAttributes;
import dev.loginetl.testdata.MmdbWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups in databases this test writes, in both record layouts, and their replacement while in use. */
class MmdbEnricherTest {
  private static final Duration SOON = Duration.ofMillis(50);

  @TempDir Path dir;

  private static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }

  /** A country database in MaxMind's layout, as GeoLite2-Country holds it. */
  private static MmdbWriter maxMindCountries(String v4Country) {
    return MmdbWriter.create("GeoLite2-Country", "test countries")
        .network("203.0.113.0/24", Map.of("country", Map.of("iso_code", v4Country, "names", Map.of("en", "x")),
            "continent", Map.of("code", "EU")))
        .network("2001:db8::/32", Map.of("country", Map.of("iso_code", "NL")))
        .network("198.51.100.0/24", Map.of("registered_country", Map.of("iso_code", "SE")));
  }

  /** An ASN database, as GeoLite2-ASN and ip-location-db's ASN MMDBs hold it. */
  private static MmdbWriter asns(String type) {
    return MmdbWriter.create(type, "test ASNs")
        .network("203.0.113.0/24", Map.of("autonomous_system_number", 64_500L,
            "autonomous_system_organization", "Example Transit"))
        .network("2001:db8::/32", Map.of("autonomous_system_number", 4_200_000_000L,
            "autonomous_system_organization", "Example IPv6"));
  }

  @Test
  void looksUpIpv4Ipv6AndIpv4MappedAddressesInMaxMindsLayout() throws IOException {
    Path countries = maxMindCountries("DE").write(dir.resolve("GeoLite2-Country.mmdb"));
    Path asn = asns("GeoLite2-ASN").write(dir.resolve("GeoLite2-ASN.mmdb"));
    try (MmdbEnricher enricher = MmdbEnricher.open(GeoIpDatabases.of(countries, asn))) {
      assertThat(enricher.enrich(ip("203.0.113.9"))).isEqualTo(new IpAttributes("DE", 64_500L, "Example Transit"));
      assertThat(enricher.enrich(ip("2001:db8:5::1"))).isEqualTo(new IpAttributes("NL", 4_200_000_000L, "Example IPv6"));
      // Java reads an IPv4-mapped literal as the IPv4 address, as the transformer passes it.
      assertThat(enricher.enrich(ip("::ffff:203.0.113.9"))).isEqualTo(new IpAttributes("DE", 64_500L, "Example Transit"));
      assertThat(enricher.enrich(ip("198.51.100.1"))).as("registered country when none is located")
          .isEqualTo(new IpAttributes("SE", null, null));
    }
  }

  @Test
  void readsIpLocationDbsLayout() throws IOException {
    Path countries = MmdbWriter.create("country ipvAll", "ip-location-db layout")
        .network("203.0.113.0/24", Map.of("country_code", "JP"))
        .network("2001:db8::/32", Map.of("country_code", "BR"))
        .write(dir.resolve("geo-whois-asn-country.mmdb"));
    Path asn = asns("asn ipvAll").write(dir.resolve("asn.mmdb"));
    try (MmdbEnricher enricher = MmdbEnricher.open(GeoIpDatabases.of(countries, asn))) {
      assertThat(enricher.enrich(ip("203.0.113.200"))).isEqualTo(new IpAttributes("JP", 64_500L, "Example Transit"));
      assertThat(enricher.enrich(ip("2001:db8::1"))).isEqualTo(new IpAttributes("BR", 4_200_000_000L, "Example IPv6"));
    }
  }

  @Test
  void knowsNothingOfAnAddressNotInTheDatabase() throws IOException {
    Path countries = maxMindCountries("DE").write(dir.resolve("c.mmdb"));
    try (MmdbEnricher enricher = MmdbEnricher.open(GeoIpDatabases.of(countries, null))) {
      assertThat(enricher.enrich(ip("192.0.2.1"))).isEqualTo(IpAttributes.NONE);
      assertThat(enricher.enrich(ip("2001:db9::1"))).isEqualTo(IpAttributes.NONE);
      assertThat(enricher.enrich(ip("10.1.2.3"))).isEqualTo(IpAttributes.NONE);
    }
  }

  @Test
  void refusesADatabaseOfTheWrongTypeInOneSentenceNamingTheOption() throws IOException {
    Path asn = asns("GeoLite2-ASN").write(dir.resolve("GeoLite2-ASN.mmdb"));
    assertThatThrownBy(() -> MmdbEnricher.open(GeoIpDatabases.of(asn, null)))
        .isInstanceOf(GeoIpConfigException.class)
        .hasMessageStartingWith("--geoip-country-db " + asn + " is a database of type 'GeoLite2-ASN', not a country database")
        .hasMessageEndingWith(".");
    Path countries = maxMindCountries("DE").write(dir.resolve("c.mmdb"));
    assertThatThrownBy(() -> MmdbEnricher.open(GeoIpDatabases.of(null, countries)))
        .isInstanceOf(GeoIpConfigException.class).hasMessageStartingWith("--geoip-asn-db ");
  }

  @Test
  void refusesACorruptOrMissingFileAtStart() throws IOException {
    byte[] good = maxMindCountries("DE").bytes();
    Path truncated = Files.write(dir.resolve("truncated.mmdb"), Arrays.copyOf(good, good.length / 2));
    Path text = Files.writeString(dir.resolve("text.mmdb"), "not a database");
    for (Path bad : new Path[] {truncated, text, dir.resolve("missing.mmdb")}) {
      assertThatThrownBy(() -> MmdbEnricher.open(GeoIpDatabases.of(bad, null)))
          .isInstanceOf(GeoIpConfigException.class)
          .hasMessageStartingWith("--geoip-country-db " + bad + " cannot be opened as an MMDB database");
    }
  }

  @Test
  void reopensADatabaseReplacedWhileInUseAndKeepsTheOldOneWhenTheNewCannotBeUsed() throws Exception {
    Path file = maxMindCountries("DE").write(dir.resolve("GeoLite2-Country.mmdb"));
    try (MmdbEnricher enricher = MmdbEnricher.open(new GeoIpDatabases(file, null, SOON))) {
      assertThat(enricher.enrich(ip("203.0.113.9")).country()).isEqualTo("DE");

      // A corrupt replacement is refused: the database opened before goes on answering.
      Path corrupt = Files.writeString(dir.resolve("corrupt"), "half a download");
      Files.move(corrupt, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      awaitRechecks();
      assertThat(enricher.reloads()).isZero();
      assertThat(enricher.enrich(ip("203.0.113.9")).country()).isEqualTo("DE");

      maxMindCountries("FR").write(file);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (enricher.reloads() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(enricher.reloads()).isEqualTo(1);
      assertThat(enricher.enrich(ip("203.0.113.9")).country()).isEqualTo("FR");
    }
  }

  /** Waits for a few rechecks to have run since the file changed. */
  private static void awaitRechecks() throws InterruptedException {
    Thread.sleep(SOON.toMillis() * 6);
  }
}
