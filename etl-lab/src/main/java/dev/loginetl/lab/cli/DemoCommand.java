package dev.loginetl.lab.cli;

import dev.loginetl.app.base.ExitCodes;
import dev.loginetl.app.cli.GeoIpOptions;
import dev.loginetl.app.cli.LoggingOptions;
import dev.loginetl.app.cli.PipelineOptions;
import dev.loginetl.app.base.SampleMessages;
import dev.loginetl.app.cli.Summaries;
import dev.loginetl.lab.embedded.EmbeddedServers;
import dev.loginetl.app.geoip.IpSettings;
import dev.loginetl.app.job.Job;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.app.job.StopSignals;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.lab.demo.SyntheticGeoIp;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.sqs.SqsSourceConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole job on embedded servers and the exercise's sample. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Starts an embedded SQS-compatible server (ElasticMQ) and an embedded PostgreSQL, loads the "
        + "exercise's 100 sample messages onto a queue, runs the loader until the queue is empty, and shows "
        + "what it stored. Masks under an ephemeral key made for the demo. Without --geoip-country-db and "
        + "--geoip-asn-db, looks ips up in a synthetic GeoIP database made for the demo: its countries and ASNs "
        + "are invented, not real.")
public final class DemoCommand implements Callable<Integer> {
  private static final int ROWS_SHOWN = 10;

  @Spec CommandSpec spec;
  @Mixin PipelineOptions pipeline;
  @Mixin LoggingOptions logging;
  @Mixin GeoIpOptions geoip;

  @Option(names = "--masking", paramLabel = "hmac|tokenize", defaultValue = "hmac",
      description = "Masking strategy for the demo. Default ${DEFAULT-VALUE}.")
  String masking;

  @Option(names = "--keep", description = "Keep both servers up afterwards and print how to connect; Ctrl-C stops them.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    PrintWriter out = spec.commandLine().getOut();
    MaskingStrategy strategy = MaskingStrategy.fromName(masking);
    out.println("Starting an embedded SQS-compatible server (ElasticMQ) and an embedded PostgreSQL...");
    out.flush();
    try (EmbeddedServers servers = EmbeddedServers.start()) {
      String queueUrl;
      List<String> sample = SampleMessages.bundled();
      try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
        SqsQueueAdmin.QueueWithDeadLetters queues =
            admin.createQueueWithDeadLetterQueue("login-queue", Duration.ofSeconds(30), "login-queue-dlq", 5);
        queueUrl = queues.queueUrl();
        admin.sender(queueUrl).send(sample);
      }
      PiiKeyset key = PiiKeyset.generate(strategy);
      out.printf("Queued the %d sample messages on %s.%n", sample.size(), queueUrl);
      out.printf("Masking with %s under an ephemeral key made for this demo (%s): it is not saved, so these masks "
          + "match no other run. For real runs: loginetl keys generate --masking %s --out FILE.%n",
          strategy.configName(), key.describe(), strategy.configName());
      out.flush();

      IpSettings ip = geoIp(out);
      RunSettings settings = pipeline.settings(true).withIp(ip);
      Job job = new Job(SqsSourceConfig.of(servers.sqsClient(), queueUrl).withWaitTime(Duration.ofSeconds(1)),
          servers.database(settings.pipeline().writers() + 1), Maskers.create(strategy, key), settings, null);
      PipelineSummary summary = job.run();

      out.println();
      out.println("Done: " + Summaries.describe(summary) + ".");
      showTables(servers.jdbcUrl(), out);
      showIpAnalytics(servers.jdbcUrl(), out);
      if (summary.failed().isPresent()) {
        spec.commandLine().getErr().println("loginetl: stopped: " + summary.failed().get().getMessage());
        return ExitCodes.FAILURE;
      }
      if (keep) {
        keepServing(servers, queueUrl, out);
      }
      return 0;
    }
  }

  private static void showTables(String jdbcUrl, PrintWriter out) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      out.println();
      out.println("Rejected messages (user_logins_rejected; bodies kept with ip and device_id masked):");
      printTable(statement.executeQuery(
          "SELECT reason, detail, count(*) AS messages FROM user_logins_rejected GROUP BY reason, detail ORDER BY reason"), out);
      out.println();
      out.println("The first " + ROWS_SHOWN + " rows of user_logins (masks shortened here; in full in the table):");
      printTable(statement.executeQuery(
          "SELECT user_id, device_type, masked_ip, masked_device_id, locale, app_version, app_version_raw, create_date "
              + "FROM user_logins ORDER BY user_id LIMIT " + ROWS_SHOWN), out);
      out.flush();
    }
  }

  /**
   * The GeoIP settings: the databases given, or a synthetic pair made for this run. The demo must
   * run on a machine with nothing but a JDK and no internet, and no real GeoIP database is both
   * freely redistributable in this repository and small: so it makes up its own, and says so.
   */
  private IpSettings geoIp(PrintWriter out) throws java.io.IOException {
    IpSettings given = geoip.settings();
    if (given.countryDb() != null || given.asnDb() != null) {
      return given;
    }
    Path dir = Files.createTempDirectory("loginetl-demo-geoip");
    dir.toFile().deleteOnExit();
    SyntheticGeoIp.Files files = SyntheticGeoIp.write(dir);
    files.country().toFile().deleteOnExit();
    files.asn().toFile().deleteOnExit();
    out.println("GeoIP: a SYNTHETIC country and ASN database made for this demo (every /8 gets an invented country "
        + "and a private-use ASN): the ip_country and ip_asn below are not real. For real data give "
        + "--geoip-country-db and --geoip-asn-db (GeoLite2, DB-IP or ip-location-db MMDB files).");
    out.flush();
    return given.withDatabases(files.country(), files.asn());
  }

  private static void showIpAnalytics(String jdbcUrl, PrintWriter out) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      out.println();
      out.println("What the ip tells without the ip (first " + ROWS_SHOWN + " rows; country and ASN in clear, "
          + "the network masked):");
      printTable(statement.executeQuery(
          "SELECT user_id, ip_country, ip_asn, ip_asn_org, masked_ip_net FROM user_logins ORDER BY user_id LIMIT "
              + ROWS_SHOWN), out);
      out.println();
      out.println("Logins per country (see docs/analytics.md for more queries):");
      printTable(statement.executeQuery(
          "SELECT ip_country, count(*) AS logins, count(DISTINCT ip_asn) AS asns FROM user_logins "
              + "GROUP BY ip_country ORDER BY logins DESC, ip_country"), out);
      out.flush();
    }
  }

  /** Prints a result set as an aligned text table, long values shortened. */
  static void printTable(ResultSet rows, PrintWriter out) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int columns = meta.getColumnCount();
    List<String[]> lines = new ArrayList<>();
    String[] header = new String[columns];
    for (int c = 0; c < columns; c++) {
      header[c] = meta.getColumnLabel(c + 1);
    }
    lines.add(header);
    while (rows.next()) {
      String[] line = new String[columns];
      for (int c = 0; c < columns; c++) {
        String value = rows.getString(c + 1);
        line[c] = value == null ? "NULL" : value.length() > 40 ? value.substring(0, 37) + "..." : value;
      }
      lines.add(line);
    }
    int[] widths = new int[columns];
    for (String[] line : lines) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        text.append(c == 0 ? "" : " | ").append(String.format("%-" + widths[c] + "s", lines.get(i)[c]));
      }
      out.println(text.toString().stripTrailing());
      if (i == 0) {
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < columns; c++) {
          rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        out.println(rule);
      }
    }
    if (lines.size() == 1) {
      out.println("(none)");
    }
  }

  private static void keepServing(EmbeddedServers servers, String queueUrl, PrintWriter out) throws InterruptedException {
    out.println();
    out.println("Both servers stay up until you press Ctrl-C. Connect with:");
    out.printf("  psql -h 127.0.0.1 -p %d -U postgres postgres        (no password)%n", servers.postgresPort());
    out.printf("  JDBC: %s  user postgres%n", servers.jdbcUrl());
    out.printf("  SQS:  endpoint %s, queue %s%n", servers.sqsEndpoint(), queueUrl);
    out.printf("  more: loginetl seed --queue-url %s FILE   then   loginetl run --queue-url %s --jdbc-url %s --db-password '' --key-file KEY%n",
        queueUrl, queueUrl, servers.jdbcUrl());
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    StopSignals.onStop(stop::countDown);
    stop.await();
    out.println("Stopping the servers.");
  }
}
