package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.app.faults.Ledger.Planned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard ({@code deploy/grafana/loginetl.json}) and, when it exists, the alert rules
 * ({@code deploy/prometheus/alerts.yml}) checked by the server that reads them: Debian's Prometheus
 * scrapes the packaged runner every second while it drains messages from ElasticMQ into
 * PostgreSQL; then every panel query (Grafana's variables replaced by a fixed window and the
 * dashboard's own "all" values) is evaluated through Prometheus's HTTP API and must parse and
 * return at least one series, so that a metric renamed in the runner fails the build. Prometheus
 * itself loads the alert rules (it refuses invalid ones); each rule must have been evaluated
 * without error, and each expression must parse when queried.
 *
 * <p>Not a fault test (no tag). It fails, never skips, when Prometheus is missing.
 */
@Tag("tools") // needs Debian's Prometheus server: the tools tier (-Ptools)
class DashboardIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "loginetl.json");
  private static final Path ALERTS = Path.of("..", "deploy", "prometheus", "alerts.yml");
  private static final int MESSAGES = 3_000;
  /** What Grafana's interval variables stand for here: a window holding dozens of 1 s scrapes. */
  private static final String WINDOW = "1m";
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,\\s*(\\w+)\\s*\\)");

  /** One panel query as Prometheus receives it. */
  private record Query(String panel, String refId, String expr) {}

  @Test
  void everyDashboardQueryReturnsSeriesFromARealRunnerAndEveryAlertRuleEvaluates(@TempDir Path dir) throws Exception {
    PrometheusServer.executable(); // fails at once, saying how to install it, when it is missing
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    List<Query> queries = queries(dashboard);
    assertThat(queries).as("panel queries in %s", DASHBOARD).hasSizeGreaterThan(20);
    List<Path> rules = Files.exists(ALERTS) ? List.of(ALERTS) : List.of();

    FaultServers servers = FaultServers.shared();
    Random random = Faults.random("dashboard");
    String queueUrl = Faults.queue(servers, "dashboard", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    Path key = Faults.keyFile(dir);
    List<Planned> messages = Logins.mixed("dashboard", MESSAGES, 30, random);
    int metricsPort = Runner.freePort();
    try (Ledger ledger = new Ledger(servers, queueUrl);
        Runner runner = Runner.start(dir.resolve("runner.log"),
            Runner.run(queueUrl, jdbcUrl, key, "--wait-time", "1", "--batch-size", "100"), metricsPort);
        PrometheusServer prometheus = PrometheusServer.start("127.0.0.1:" + metricsPort, rules, dir)) {
      Faults.waitUntil(Duration.ofMinutes(1), "Prometheus scrapes the runner",
          () -> !runner.isAlive() || value(prometheus, "up{job=\"loginetl\"}") == 1);
      assertThat(runner.isAlive()).as("runner alive; its output:\n%s", runner.output()).isTrue();

      ledger.send(messages);
      int sent = ledger.sent();
      Faults.waitUntil(Duration.ofMinutes(1), "every message committed", () -> Ledger.committed(jdbcUrl) >= sent);
      // Scrapes after the last commit, so that every counter's rise is inside the window.
      Faults.waitUntil(Duration.ofSeconds(30), "Prometheus has seen every message deleted",
          () -> value(prometheus, "loginetl_messages_deleted_total") >= sent);
      Thread.sleep(2_000);

      Map<String, Integer> seriesByQuery = new LinkedHashMap<>();
      List<String> failures = new ArrayList<>();
      for (Query query : queries) {
        JsonNode answer = prometheus.query(query.expr());
        if (!"success".equals(answer.path("status").asText())) {
          failures.add(query.panel() + " / " + query.refId() + ": " + answer.path("error").asText() + " in " + query.expr());
        } else if (answer.get("data").get("result").isEmpty()) {
          failures.add(query.panel() + " / " + query.refId() + ": no series for " + query.expr());
        }
        seriesByQuery.put(query.panel() + " / " + query.refId(), answer.path("data").path("result").size());
      }
      assertThat(failures).as("dashboard queries that failed or found nothing").isEmpty();

      // The throughput panel shows what happened: every one of its rates is above zero.
      for (Query query : queries) {
        if (query.panel().equals("Messages per second")) {
          assertThat(value(prometheus, query.expr())).as("%s", query.expr()).isPositive();
        }
      }
      checkVariables(dashboard, prometheus);

      int alertRules = rules.isEmpty() ? 0 : checkAlertRules(prometheus);

      runner.terminate();
      assertThat(runner.await(Duration.ofMinutes(1))).isZero();
      System.out.printf("DASHBOARD: %d panel queries each returned series (%s); %s%n", queries.size(), seriesByQuery,
          rules.isEmpty() ? ALERTS + " does not exist (yet): no alert rules checked"
              : alertRules + " alert rules from " + ALERTS + " loaded, evaluated and parsed");
    }
  }

  /** Every target of every panel (rows' own panels included), with Grafana's variables replaced. */
  private static List<Query> queries(JsonNode dashboard) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String interval : List.of("__rate_interval", "__interval", "__range")) {
      variables.put(interval, WINDOW);
    }
    List<String> datasources = new ArrayList<>();
    dashboard.path("__inputs").forEach(input -> datasources.add(input.get("name").asText()));
    for (JsonNode variable : dashboard.get("templating").get("list")) {
      String name = variable.get("name").asText();
      if (variable.get("type").asText().equals("datasource")) {
        datasources.add(name);
      } else {
        assertThat(variable.path("allValue").isTextual()).as("variable %s has an 'All' value", name).isTrue();
        variables.put(name, variable.get("allValue").asText());
      }
    }
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels) {
      if (panel.get("type").asText().equals("row")) {
        continue;
      }
      String title = panel.get("title").asText();
      assertThat(panel.path("targets")).as("targets of panel %s", title).isNotEmpty();
      assertThat(datasources).as("datasource of panel %s", title)
          .contains(variableName(panel.get("datasource").get("uid").asText()));
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        // Longest names first, so that $__rate_interval is not read as $__range followed by text.
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort((a, b) -> b.length() - a.length());
        for (String name : names) {
          expr = expr.replace("${" + name + "}", variables.get(name)).replace("$" + name, variables.get(name));
        }
        assertThat(expr).as("panel %s, target %s: a variable the test does not know", title, target.get("refId"))
            .doesNotContain("$");
        queries.add(new Query(title, target.get("refId").asText(), expr));
      }
    }
    return queries;
  }

  /** {@code ${NAME}} or {@code $NAME} -> NAME. */
  private static String variableName(String reference) {
    return reference.replace("${", "").replace("}", "").replace("$", "");
  }

  /** A query variable {@code label_values(metric, label)} must find values on the runner's series. */
  private static void checkVariables(JsonNode dashboard, PrometheusServer prometheus) throws Exception {
    for (JsonNode variable : dashboard.get("templating").get("list")) {
      if (!variable.get("type").asText().equals("query")) {
        continue;
      }
      JsonNode query = variable.get("query");
      String text = query.isTextual() ? query.asText() : query.get("query").asText();
      Matcher m = LABEL_VALUES.matcher(text);
      assertThat(m.matches()).as("variable %s: label_values(metric, label)", variable.get("name")).isTrue();
      assertThat(prometheus.labelValues(m.group(2), m.group(1)).get("data"))
          .as("values of variable %s", variable.get("name")).isNotEmpty();
    }
  }

  /**
   * Waits until Prometheus has evaluated every rule it loaded; each must be healthy, and its
   * expression must parse when queried. The number of rules.
   */
  private static int checkAlertRules(PrometheusServer prometheus) throws Exception {
    Faults.waitUntil(Duration.ofSeconds(30), "Prometheus has evaluated every alert rule", () -> {
      try {
        for (JsonNode group : prometheus.ruleGroups()) {
          for (JsonNode rule : group.get("rules")) {
            if (rule.get("health").asText().equals("unknown")) {
              return false;
            }
          }
        }
        return true;
      } catch (Exception e) {
        return false;
      }
    });
    int count = 0;
    List<String> failures = new ArrayList<>();
    for (JsonNode group : prometheus.ruleGroups()) {
      for (JsonNode rule : group.get("rules")) {
        count++;
        String name = rule.path("name").asText();
        if (!rule.get("health").asText().equals("ok")) {
          failures.add(name + ": " + rule.get("health").asText() + " " + rule.path("lastError").asText());
        }
        JsonNode answer = prometheus.query(rule.get("query").asText());
        if (!"success".equals(answer.path("status").asText())) {
          failures.add(name + ": " + answer.path("error").asText());
        }
      }
    }
    assertThat(count).as("alert rules Prometheus loaded from %s", ALERTS).isPositive();
    assertThat(failures).as("alert rules that failed").isEmpty();
    return count;
  }

  /** The value of the first series {@code expr} returns now; NaN when it returns none. */
  private static double value(PrometheusServer prometheus, String expr) {
    try {
      JsonNode result = prometheus.query(expr).path("data").path("result");
      return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).get("value").get(1).asText());
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
