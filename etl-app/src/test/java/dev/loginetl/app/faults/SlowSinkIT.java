package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Tally;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink slower than the visibility timeout, with a second worker on the same queue ready to take
 * whatever reappears. The slowness is PostgreSQL's own: a statement trigger on {@code user_logins}
 * sleeps 22 s in each of the first inserts, past two of the queue's 10 s visibility timeouts (long
 * enough that a runner starved of CPU for a second or two still extends in time). The runners extend the visibility of what they hold, so nothing is delivered to the other one; and
 * everything is written once.
 */
@Tag(Faults.TAG)
class SlowSinkIT {
  private static final int MESSAGES = 2_000;
  private static final int SLOW_STATEMENTS = 3;
  private static final Duration VISIBILITY = Duration.ofSeconds(10);
  private static final Pattern EXTENDED = Pattern.compile("(?m)^loginetl_visibility_extended_total (\\S+)");

  @Test
  void batchesSlowerThanTheVisibilityTimeoutAreNotRedeliveredAndAreWrittenOnce(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl = Faults.queue(servers, "slow-sink", VISIBILITY);
    String jdbcUrl = servers.newDatabase();
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement()) {
      statement.execute("CREATE SEQUENCE slow_statements");
      statement.execute("CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
          + "IF nextval('slow_statements') <= " + SLOW_STATEMENTS + " THEN PERFORM pg_sleep(22); END IF; "
          + "RETURN NULL; END $$");
      statement.execute("CREATE TRIGGER slow_down BEFORE INSERT ON user_logins "
          + "FOR EACH STATEMENT EXECUTE FUNCTION slow_down()");
    }
    Path key = Faults.keyFile(dir);
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(Logins.mixed("slow", MESSAGES, 20, Faults.random("slow-sink")));

      List<Runner> runners = new ArrayList<>();
      List<Runner.Summary> summaries = new ArrayList<>();
      double extended = 0;
      try {
        for (int i = 1; i <= 2; i++) {
          // Few messages in hand, so that extending them all takes a moment, whatever the machine.
          runners.add(Runner.start(dir.resolve("runner-" + i + ".log"), Runner.run(queueUrl, jdbcUrl, key,
              "--wait-time", "1", "--batch-size", "50", "--max-in-flight", "100"), Runner.freePort()));
        }
        Faults.waitUntil(Duration.ofMinutes(3), "every message committed",
            () -> Ledger.committed(jdbcUrl) >= MESSAGES || runners.stream().noneMatch(Runner::isAlive));
        for (Runner runner : runners) {
          Matcher m = EXTENDED.matcher(runner.get("/metrics").body());
          extended += m.find() ? Double.parseDouble(m.group(1)) : 0;
          runner.terminate();
        }
        for (Runner runner : runners) {
          assertThat(runner.await(Duration.ofMinutes(1))).as("exit code; it printed:%n%s", runner.output()).isZero();
          summaries.add(runner.summary());
        }
      } finally {
        for (Runner runner : runners) {
          runner.close();
        }
      }

      long slowed;
      try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
          Statement statement = db.createStatement();
          ResultSet rs = statement.executeQuery("SELECT last_value FROM slow_statements")) {
        rs.next();
        slowed = Math.min(SLOW_STATEMENTS, rs.getLong(1));
      }
      long redelivered = summaries.stream().mapToLong(Runner.Summary::duplicates).sum();
      Tally tally = ledger.check(jdbcUrl);
      System.out.println(tally.line("slow-sink", (int) slowed) + "; visibility extensions " + (long) extended
          + ", deliveries of already stored messages " + redelivered);
      assertThat(slowed).as("inserts that slept past the visibility timeout").isEqualTo(SLOW_STATEMENTS);
      assertThat(extended).as("visibility extensions").isPositive();
      assertThat(redelivered).as("messages delivered again while a slow batch held them").isZero();
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.rows() + tally.rejections()).isEqualTo(MESSAGES);
      assertThat(ledger.queueTotal()).isZero();
    }
  }
}
