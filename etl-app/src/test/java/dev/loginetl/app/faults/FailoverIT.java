package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database fails over mid-run: the primary of a real PostgreSQL 15 pair in synchronous
 * streaming replication ({@link PostgresPair}) is killed ({@code pg_ctl stop -m immediate}) and its
 * standby promoted, while the packaged runner drains 10,000 messages from ElasticMQ through a
 * multi-host JDBC URL with {@code targetServerType=primary}. The runner must ride it out within
 * {@code --outage-limit}, exit 0, and leave every message exactly once.
 */
@Tag(Faults.TAG)
@Tag("tools") // needs Debian's PostgreSQL 15: the tools tier (-Ptools)
class FailoverIT {
  private static final int MESSAGES = 10_000;

  @Test
  void aPrimaryKilledAndItsStandbyPromotedMidRunLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
    assertThat(PostgresPair.available())
        .as("Debian's PostgreSQL 15 binaries (apt-get install postgresql-15) and a postgres user are needed")
        .isTrue();
    String name = "failover";
    Random random = Faults.random(name);
    FaultServers servers = FaultServers.shared(); // for the queue only
    String queueUrl = Faults.queue(servers, name, Duration.ofSeconds(30));
    try (PostgresPair pair = PostgresPair.start(); Ledger ledger = new Ledger(servers, queueUrl)) {
      String jdbcUrl = pair.newDatabase("failover");
      ledger.send(Logins.mixed(name, MESSAGES, 20, random));
      long progress = 500 + random.nextInt(MESSAGES / 4);
      try (Runner runner = Runner.start(dir.resolve("run.log"),
          Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--outage-limit", "120", "--wait-time", "1"))) {
        Faults.waitUntil(Duration.ofMinutes(2), "the runner committed " + progress + " messages",
            () -> Ledger.committed(jdbcUrl) >= progress || !runner.isAlive());
        assertThat(runner.isAlive()).as("running when the primary was killed; it printed:%n%s", runner.output())
            .isTrue();

        pair.killPrimary();
        long atKill = Ledger.committed(jdbcUrl); // -1: no primary to ask
        Thread.sleep(3_000); // writers meet the dead primary and retry
        pair.promoteStandby();
        assertThat(runner.isAlive()).as("still running after the fail-over; it printed:%n%s", runner.output())
            .isTrue();

        Faults.waitUntil(Duration.ofMinutes(3), "every message committed on the new primary",
            () -> Ledger.committed(jdbcUrl) >= ledger.sent() || !runner.isAlive());
        runner.terminate();
        assertThat(runner.await(Duration.ofMinutes(1))).as("exit code; it printed:%n%s", runner.output()).isZero();
        String output = runner.output();

        Tally tally = ledger.check(jdbcUrl);
        System.out.println(tally.line(name, 1) + "; committed when the primary was killed: at least " + progress
            + " (asked right after: " + atKill + ")");
        assertThat(output).contains("retrying").contains("working again");
        assertThat(tally.lost()).as("lost: %s", tally).isZero();
        assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
        assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
        assertThat(tally.rows() + tally.rejections()).isEqualTo(MESSAGES);
        assertThat(ledger.queueTotal()).isZero();
      }
    }
  }
}
