package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.testdata.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The packaged runner with GeoIP databases this test writes: rows get the country and ASN of their
 * ip and the mask of its network; lookups are counted by outcome; a country database replaced while
 * the runner runs is used for the logins that follow, without a restart; a database that cannot be
 * used stops the runner at start with exit 2 and one sentence.
 */
@Tag(Faults.TAG)
class GeoIpIT {

  private static MmdbWriter countries(String v4Country) {
    return MmdbWriter.create("GeoLite2-Country", "GeoIpIT countries")
        .network("203.0.113.0/24", Map.of("country", Map.of("iso_code", v4Country)))
        .network("2001:db8::/32", Map.of("country", Map.of("iso_code", "JP")));
  }

  private static MmdbWriter asns() {
    return MmdbWriter.create("GeoLite2-ASN", "GeoIpIT ASNs")
        .network("203.0.113.0/24", Map.of("autonomous_system_number", 64_500L,
            "autonomous_system_organization", "Example Transit"))
        .network("2001:db8::/32", Map.of("autonomous_system_number", 64_501L,
            "autonomous_system_organization", "Example Six"));
  }

  private static String login(String userId, String ip) {
    return "{\"user_id\":\"" + userId + "\",\"ip\":\"" + ip + "\",\"device_id\":\"d-" + userId + "\",\"locale\":\"RU\"}";
  }

  @Test
  void storesCountryAsnAndNetworkMaskAndFollowsADatabaseReplacedWhileRunning(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl = Faults.queue(servers, "geoip", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    Path key = Faults.keyFile(dir);
    Path countryDb = countries("NL").write(dir.resolve("GeoLite2-Country.mmdb"));
    Path asnDb = asns().write(dir.resolve("GeoLite2-ASN.mmdb"));
    List<String> args = Runner.run(queueUrl, jdbcUrl, key, "--wait-time", "1",
        "--geoip-country-db", countryDb.toString(), "--geoip-asn-db", asnDb.toString());
    try (SqsClient sqs = Ledger.client(servers);
        Runner runner = Runner.start(dir.resolve("run.log"), args, Runner.freePort())) {
      send(sqs, queueUrl, login("v4-a", "203.0.113.7"), login("v4-b", "203.0.113.250"),
          login("mapped", "::ffff:203.0.113.9"), login("v6", "2001:DB8:0:1::5"),
          login("elsewhere", "192.0.2.1"), login("not-ip", "host.example"), "{\"user_id\":\"no-ip\"}");
      Faults.waitUntil(Duration.ofMinutes(2), "the first 7 rows", () -> Ledger.committed(jdbcUrl) >= 7);

      Map<String, Map<String, String>> rows = Tables.rows(jdbcUrl,
          "SELECT user_id, ip_country, ip_asn, ip_asn_org, masked_ip_net, masked_ip FROM user_logins");
      assertThat(rows.get("v4-a")).containsEntry("ip_country", "NL").containsEntry("ip_asn", "64500")
          .containsEntry("ip_asn_org", "Example Transit");
      assertThat(rows.get("mapped")).containsEntry("ip_country", "NL");
      assertThat(rows.get("v6")).containsEntry("ip_country", "JP").containsEntry("ip_asn", "64501");
      assertThat(rows.get("elsewhere")).containsEntry("ip_country", null).containsEntry("ip_asn", null);
      assertThat(rows.get("not-ip")).containsEntry("ip_country", null).containsEntry("masked_ip_net", null);
      assertThat(rows.get("no-ip")).containsEntry("masked_ip_net", null);
      // One /24, one mask; other networks, other masks; never an address's mask.
      String net = rows.get("v4-a").get("masked_ip_net");
      assertThat(net).startsWith("h1:");
      assertThat(rows.get("v4-b").get("masked_ip_net")).isEqualTo(net);
      assertThat(rows.get("mapped").get("masked_ip_net")).isEqualTo(net);
      assertThat(rows.get("v6").get("masked_ip_net")).isNotEqualTo(net);
      assertThat(rows.get("elsewhere").get("masked_ip_net")).isNotEqualTo(net).isNotNull();
      assertThat(rows.values()).filteredOn(row -> row.get("masked_ip_net") != null).hasSize(5)
          .allSatisfy(row -> assertThat(row.get("masked_ip_net")).isNotEqualTo(row.get("masked_ip")));

      String metrics = runner.get("/metrics").body();
      assertThat(metrics).contains("loginetl_ip_lookups_total{outcome=\"found\"} 4.0")
          .contains("loginetl_ip_lookups_total{outcome=\"not_found\"} 1.0")
          .contains("loginetl_ip_lookups_total{outcome=\"not_ip\"} 1.0")
          .contains("loginetl_ip_lookups_total{outcome=\"no_db\"} 0.0");

      // geoipupdate's way: a new file renamed over the old one, the runner going on.
      countries("FR").write(countryDb);
      Faults.waitUntil(Duration.ofMinutes(1), "the replaced database reopened",
          () -> runner.output().contains("reopened the country database"));
      send(sqs, queueUrl, login("after", "203.0.113.8"));
      Faults.waitUntil(Duration.ofMinutes(2), "the row after the replacement", () -> Ledger.committed(jdbcUrl) >= 8);
      Map<String, Map<String, String>> after = Tables.rows(jdbcUrl,
          "SELECT user_id, ip_country, masked_ip_net FROM user_logins WHERE user_id = 'after'");
      assertThat(after.get("after")).containsEntry("ip_country", "FR").containsEntry("masked_ip_net", net);

      runner.terminate();
      assertThat(runner.await(Duration.ofMinutes(1))).isZero();
      assertThat(runner.output()).contains("looking ips up in the country database");
    }
  }

  @Test
  void aDatabaseThatCannotBeUsedStopsTheRunnerAtStartWithExitTwo(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl = Faults.queue(servers, "geoip-bad", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    Path key = Faults.keyFile(dir);
    Path corrupt = Files.writeString(dir.resolve("GeoLite2-Country.mmdb"), "half a download");
    Path asn = asns().write(dir.resolve("GeoLite2-ASN.mmdb"));

    Runner.Ended broken = Runner.runToEnd(dir.resolve("corrupt.log"),
        Runner.run(queueUrl, jdbcUrl, key, "--until-empty", "--geoip-country-db", corrupt.toString()), Duration.ofMinutes(1));
    Runner.Ended swapped = Runner.runToEnd(dir.resolve("swapped.log"),
        Runner.run(queueUrl, jdbcUrl, key, "--until-empty", "--geoip-country-db", asn.toString()), Duration.ofMinutes(1));

    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.output()).contains("loginetl: --geoip-country-db " + corrupt + " cannot be opened as an MMDB database");
    assertThat(swapped.exit()).isEqualTo(2);
    assertThat(swapped.output()).contains("loginetl: --geoip-country-db " + asn
        + " is a database of type 'GeoLite2-ASN', not a country database");
  }

  private static void send(SqsClient sqs, String queueUrl, String... bodies) {
    for (String body : bodies) {
      sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
    }
  }
}
