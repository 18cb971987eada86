package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Expect;
import dev.loginetl.app.faults.Ledger.Planned;
import dev.loginetl.app.faults.Ledger.Tally;
import dev.loginetl.core.transform.internal.IpLiterals;
import dev.loginetl.testdata.MmdbWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debug logging on, in both log formats: messages with known ips and device ids (valid ones, and
 * invalid ones that still carry them, in every way a rejection can) are drained; then every log
 * line, every /metrics and /health answer, both tables and the tally this test prints are searched
 * for those values, and for the whole bodies. None may be found.
 *
 * <p>What counts as personal data is the exercise's: the {@code ip} and {@code device_id} fields
 * (whatever their JSON type), at the top level or nested in a wrapping object. This test's failure messages name where a value
 * was found and the value's position in the list, never the value.
 */
@Tag(Faults.TAG)
class NoPiiLeakIT {
  private static final int VALID = 300;

  private final List<String> ips = new ArrayList<>();
  private final List<String> deviceIds = new ArrayList<>();

  @Test
  void noIpNorDeviceIdAppearsInLogsMetricsTablesOrTestOutput(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    Random random = Faults.random("no-pii-leak");
    String queueUrl = Faults.queue(servers, "no-pii-leak", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    Path key = Faults.keyFile(dir);
    // GeoIP databases that know the test's ranges, so rows hold countries, ASNs and network masks too.
    Path countryDb = MmdbWriter.create("GeoLite2-Country", "no-pii-leak")
        .network("203.0.113.0/24", Map.of("country", Map.of("iso_code", "NL")))
        .network("198.51.100.0/24", Map.of("country", Map.of("iso_code", "DE")))
        .network("2001:db8::/32", Map.of("country", Map.of("iso_code", "JP")))
        .write(dir.resolve("country.mmdb"));
    Path asnDb = MmdbWriter.create("GeoLite2-ASN", "no-pii-leak")
        .network("203.0.113.0/24", Map.of("autonomous_system_number", 64_500L, "autonomous_system_organization", "Leak Test Net"))
        .write(dir.resolve("asn.mmdb"));
    Map<String, String> searched = new LinkedHashMap<>(); // where -> text
    List<Planned> all = new ArrayList<>();
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      String[][] formats = {{"--log-format", "json"}, {"--log-format", "plain"}};
      for (int round = 0; round < formats.length; round++) {
        List<Planned> messages = messages("pii-" + round, random);
        all.addAll(messages);
        ledger.send(messages);
        // A short long poll, so that SIGTERM on the idle runner does not wait out a 20 s receive.
        List<String> args = Runner.run(queueUrl, jdbcUrl, key, "--debug", formats[round][0], formats[round][1],
            "--wait-time", "1", "--geoip-country-db", countryDb.toString(), "--geoip-asn-db", asnDb.toString());
        try (Runner runner = Runner.start(dir.resolve("run-" + round + ".log"), args, Runner.freePort())) {
          int expected = ledger.sent();
          int scrapes = 0;
          // Scrape while it works, not only at the end, so that in-flight states are seen too.
          while (Ledger.committed(jdbcUrl) < expected && runner.isAlive()) {
            Runner.Http metrics = runner.get("/metrics");
            if (metrics.status() == 200) {
              searched.put("/metrics, round " + round + ", scrape " + (++scrapes), metrics.body());
            }
            Thread.sleep(100);
          }
          Faults.waitUntil(Duration.ofMinutes(2), "every message committed", () -> Ledger.committed(jdbcUrl) >= expected);
          Runner.Http metrics = runner.get("/metrics");
          assertThat(metrics.status()).isEqualTo(200);
          searched.put("/metrics, round " + round + ", at the end", metrics.body());
          searched.put("/health, round " + round, runner.get("/health").body());
          runner.terminate();
          assertThat(runner.await(Duration.ofMinutes(1))).isZero();
          searched.put("runner output (log format " + formats[round][1] + ")", runner.output());
          assertThat(runner.output()).contains("DEBUG");
        }
      }
      Tally tally = ledger.check(jdbcUrl);
      searched.put("user_logins", Tables.dump(jdbcUrl, "user_logins"));
      searched.put("user_logins_rejected", Tables.dump(jdbcUrl, "user_logins_rejected"));
      String line = tally.line("no-pii-leak", 0);
      searched.put("this test's output", line);

      Set<String> values = new LinkedHashSet<>();
      for (String ip : ips) {
        values.add(ip);
        values.add(IpLiterals.canonical(ip));
        values.add(network(IpLiterals.canonical(ip)));
      }
      values.addAll(deviceIds);
      List<String> bodies = all.stream().map(Planned::body).toList();
      List<String> found = new ArrayList<>();
      List<String> valueList = List.copyOf(values);
      searched.forEach((where, text) -> {
        for (int i = 0; i < valueList.size(); i++) {
          if (text.contains(valueList.get(i))) {
            found.add("known value #" + i + " in " + where);
          }
        }
        for (int i = 0; i < bodies.size(); i++) {
          if (text.contains(bodies.get(i))) {
            found.add("body #" + i + " in " + where);
          }
        }
      });
      System.out.println(line + "; searched " + values.size() + " ips and device ids and " + bodies.size()
          + " bodies in " + searched.size() + " texts (" + searched.values().stream().mapToLong(String::length).sum()
          + " characters), found " + found.size());

      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.rejections()).as("rejections, each carrying an ip or device id").isGreaterThan(100);
      // The search sees what is there: user ids are stored in clear, and are found.
      assertThat(searched.get("user_logins")).contains("pii-0-0").contains("pii-1-" + (VALID - 1));
      // Countries and ASNs are stored in clear, and are found; networks are masked.
      assertThat(searched.get("user_logins")).contains("Leak Test Net");
      assertThat(searched.get("runner output (log format json)")).contains("\"level\":\"DEBUG\"");
            assertThat(found).as("personal data found (positions only)").isEmpty();
    }
  }

  /** The default network of a canonical ip, as the runner masks it: its /24 or /48. */
  private static String network(String canonical) {
    java.net.InetAddress address = com.google.common.net.InetAddresses.forString(canonical);
    byte[] bytes = address.getAddress();
    boolean v4 = bytes.length == 4;
    java.util.Arrays.fill(bytes, v4 ? 3 : 6, bytes.length, (byte) 0);
    try {
      return com.google.common.net.InetAddresses.toAddrString(java.net.InetAddress.getByAddress(bytes)) + (v4 ? "/24" : "/48");
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Valid messages, and rejected ones carrying the ip and device id in every way a body can. */
  private List<Planned> messages(String tag, Random random) {
    List<Planned> messages = new ArrayList<>();
    for (int i = 0; i < VALID; i++) {
      String userId = tag + "-" + i;
      messages.add(new Planned(Logins.valid(userId, ip(random), deviceId(), random), Expect.ROW, userId));
    }
    for (int i = 0; i < 20; i++) {
      String ip = ip(random);
      String device = deviceId();
      String fields = "\"ip\":\"" + ip + "\",\"device_id\":\"" + device + "\"";
      List<String> rejected = List.of(
          "{\"user_id\":" + i + "," + fields + "}", // wrong type
          "{" + fields + ",\"locale\":\"RU\"}", // missing user_id
          "{\"user_id\":\"" + tag + "-r" + i + "\"," + fields + ",\"ip\":\"" + ip(random) + "\"}", // duplicated ip
          "{\"user_id\":\"" + tag + "-r" + i + "\"," + fields + ",\"device_id\":\"" + deviceId() + "\"}", // duplicated device_id
          "{\"user_id\":\"" + tag + "-r" + i + "\"," + fields + ",\"device_type\":\"" + "x".repeat(33) + "\"}", // too long
          "{\"user_id\":\"" + tag + "-r" + i + "\\u0000\"," + fields + "}", // invalid text
          "{\"user_id\":\"" + tag + "-r" + i + "\",\"ip\":{\"v\":\"" + ip(random) + "\"},\"device_id\":[\"" + deviceId() + "\"]}",
          "{\"user_id\":\"" + tag + "-r" + i + "\",\"ip\":\"" + ip(random) + "\\ud800\",\"device_id\":\"" + device + "\"}",
          "{\"user_id\":\"" + tag + "-r" + i + "\"," + fields, // not JSON: truncated
          "[\"" + ip + "\",\"" + device + "\"]", // not an object
          "{\"login\":{\"ip\":\"" + ip(random) + "\",\"more\":[{\"device_id\":\"" + deviceId() + "\"}]}}", // wrapped, no user_id
          "{\"user_id\":\"" + tag + "-r" + i + "\",\"ip\":\"" + ip + "\"," + "\"deep\":" + "[".repeat(300) + "]".repeat(300) + "}");
      rejected.forEach(body -> messages.add(new Planned(body, Expect.REJECTION, null)));
    }
    return messages;
  }

  /** Addresses from the documentation ranges, in IPv4, IPv6 and IPv4-mapped spellings. */
  private String ip(Random random) {
    int n = ips.size();
    String ip = switch (n % 3) {
      case 0 -> "203.0.113." + (n % 250 + 1); // may repeat: the set of values searched has each once
      case 1 -> "2001:DB8:5EED:0:0:0:" + Integer.toHexString(0x1000 + n) + ":" + Integer.toHexString(random.nextInt(0xffff) + 1);
      default -> "::ffff:198.51.100." + (n % 250 + 1);
    };
    ips.add(ip);
    return ip;
  }

  private String deviceId() {
    String device = "dev-" + Integer.toHexString(0xC0FFEE00 + deviceIds.size()) + "-pii";
    deviceIds.add(device);
    return device;
  }
}
