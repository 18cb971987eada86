package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Planned;
import dev.loginetl.app.faults.Ledger.Tally;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More than 10,000 hostile bodies (see {@link HostileBodies}): each one the queue carries ends as a
 * row or as a rejection with a reason; the runner neither crashes nor stalls; the queue ends empty.
 */
@Tag(Faults.TAG)
class PoisonInputIT {

  @Test
  void everyHostileBodyEndsAsARowOrARecordedRejection(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    HostileBodies hostile = new HostileBodies(Faults.random("poison"));
    List<Planned> bodies = hostile.all();
    String queueUrl = Faults.queue(servers, "poison", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(bodies);

      Runner.Ended run = Runner.runToEnd(dir.resolve("run.log"),
          Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--until-empty"), Duration.ofMinutes(5));
      int exit = run.exit();
      String output = run.output();

      Tally tally = ledger.check(jdbcUrl);
      System.out.println(tally.line("poison", bodies.size()) + "; bodies by family " + hostile.counts()
          + "; refused by the server " + ledger.serverRefusals());
      assertThat(bodies).hasSizeGreaterThanOrEqualTo(10_000);
      assertThat(exit).as("exit code; the runner printed:%n%s", tail(output)).isZero();
      assertThat(output).doesNotContain("Exception").doesNotContain("ERROR");
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.unexplained()).as("rejections without reason or with a broken redacted body: %s", tally).isZero();
      assertThat(tally.wrongValues()).as("rows that do not hold the user_id sent: %s", tally).isZero();
      assertThat(tally.rows() + tally.rejections()).isEqualTo(ledger.sent());
      assertThat(ledger.sent() + ledger.refusedByQueue()).isEqualTo(bodies.size());
      assertThat(ledger.queueTotal()).isZero();
      try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
          Statement statement = db.createStatement();
          ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
              + "AND tablename IN ('user_logins', 'user_logins_rejected', 'pii_reveal_audit')")) {
        rs.next();
        assertThat(rs.getInt(1)).as("tables still there after SQL text in every field").isEqualTo(3);
      }
    }
  }

  /** The last lines of the runner's output: enough to see why it failed, never a body. */
  private static String tail(String output) {
    String[] lines = output.split("\\R");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 20), lines.length));
  }
}
