package dev.loginetl.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.lab.testing.LabCli;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code loginetl demo} on the sample: it says its GeoIP database is synthetic, and shows countries and ASNs. */
class DemoCommandIT {

  @Test
  void showsCountriesAndAsnsFromADatabaseItSaysIsSynthetic() {
    LabCli.Result result = LabCli.run("demo");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("GeoIP: a SYNTHETIC country and ASN database made for this demo")
        .contains("received 100, loaded 99, rejected 1")
        .contains("ip_country | ip_asn | ip_asn_org")
        .contains("(loginetl demo)");
    // Every loaded sample login has a country: the per-country counts add up to the 99 rows.
    String perCountry = result.out().substring(result.out().indexOf("Logins per country"));
    Matcher counts = Pattern.compile("(?m)^([A-Z]{2}|NULL)\\s+\\|\\s+(\\d+)\\s+\\|").matcher(perCountry);
    int total = 0;
    while (counts.find()) {
      assertThat(counts.group(1)).isNotEqualTo("NULL");
      total += Integer.parseInt(counts.group(2));
    }
    assertThat(total).isEqualTo(99);
  }
}
