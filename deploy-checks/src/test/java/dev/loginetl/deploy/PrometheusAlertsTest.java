package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yml checked by Prometheus's own promtool: the rules parse and their
 * unit tests (alerts.test.yml) pass. promtool comes with Debian's prometheus package; without it
 * these tests fail, they never skip.
 */
@Tag("tools") // needs promtool: the tools tier (-Ptools)
class PrometheusAlertsTest {
  private static final Path ALERTS = DeployFiles.PROMETHEUS.resolve("alerts.yml");
  private static final Path ALERT_TESTS = DeployFiles.PROMETHEUS.resolve("alerts.test.yml");

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    Result result = promtool("check", "rules", DeployFiles.existing(ALERTS).toString());

    assertThat(result.exitCode()).as("promtool check rules:%n%s", result.output()).isZero();
  }

  @Test
  void rulesPassTheirUnitTests() throws Exception {
    Result result = promtool("test", "rules", DeployFiles.existing(ALERT_TESTS).getFileName().toString());

    assertThat(result.exitCode()).as("promtool test rules:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasATestWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Set<String> alerts = new TreeSet<>();
    for (JsonNode group : yaml.readTree(ALERTS.toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.add(rule.get("alert").asText());
        }
      }
    }
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode test : yaml.readTree(ALERT_TESTS.toFile()).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        (check.path("exp_alerts").isEmpty() ? quiet : fires).add(check.path("alertname").asText());
      }
    }

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(6);
    assertThat(fires).as("alerts with a test where they fire").containsAll(alerts);
    assertThat(quiet).as("alerts with a test where they stay quiet").containsAll(alerts);
  }

  private record Result(int exitCode, String output) {}

  private static Result promtool(String... args) throws IOException, InterruptedException {
    Path promtool = onPath("promtool").orElse(null);
    if (promtool == null) {
      fail("promtool is not on the PATH. It checks deploy/prometheus/alerts.yml and runs its unit tests: "
          + "install Debian's prometheus package, which brings it (apt-get install prometheus; .ci/run does so).");
    }
    List<String> command = new ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(args));
    // Output to a file, so that a promtool that hangs cannot hang the test past its time limit.
    Path output = Files.createTempFile("promtool", ".out");
    try {
      Process process = new ProcessBuilder(command)
          .directory(DeployFiles.PROMETHEUS.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("promtool did not finish within 60 s");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
