package dev.loginetl.lab.demo;

import dev.loginetl.testdata.MmdbWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A country and an ASN database made up for the demo, so that {@code loginetl demo} shows {@code
 * ip_country} and {@code ip_asn} without the internet and without a licence to honour: every IPv4
 * {@code /8} gets a country from a short list and a private-use ASN (RFC 6996, 64512 and up) named
 * "Synthetic network N (loginetl demo)". Nothing in them is true of any real address: the database
 * types and descriptions say so too.
 */
public final class SyntheticGeoIp {
  /** What every record and log line of these databases is called. */
  public static final String LABEL = "synthetic (loginetl demo, not real data)";

  private static final List<String> COUNTRIES =
      List.of("RU", "DE", "US", "BR", "IN", "JP", "NL", "FR", "PT", "KE", "AU", "CA");
  private static final long FIRST_PRIVATE_ASN = 64_512;
  /** Few enough networks that several sample logins share one, so the analyst's queries have something to count. */
  private static final int NETWORKS = 40;

  private SyntheticGeoIp() {}

  /** The two databases, written into {@code dir}. */
  public record Files(Path country, Path asn) {}

  /** Writes both databases into {@code dir}. */
  public static Files write(Path dir) throws IOException {
    MmdbWriter country = MmdbWriter.create("Synthetic-Country (loginetl demo)", "Countries " + LABEL);
    MmdbWriter asn = MmdbWriter.create("Synthetic-ASN (loginetl demo)", "ASNs " + LABEL);
    for (int first = 0; first < 256; first++) {
      String network = first + ".0.0.0/8";
      country.network(network, Map.of("country", Map.of("iso_code", COUNTRIES.get(first % COUNTRIES.size()))));
      int n = first % NETWORKS;
      asn.network(network, Map.of("autonomous_system_number", FIRST_PRIVATE_ASN + n,
          "autonomous_system_organization", "Synthetic network " + n + " (loginetl demo)"));
    }
    return new Files(country.write(dir.resolve("synthetic-country.mmdb")), asn.write(dir.resolve("synthetic-asn.mmdb")));
  }
}
