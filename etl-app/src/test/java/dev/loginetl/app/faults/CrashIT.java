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
 * kill -9 of the runner, five times over, at random points while it drains 20,000 messages; then
 * runs until the queue holds nothing, not even in flight. Every valid message is one row, every
 * invalid one one rejection.
 */
@Tag(Faults.TAG)
class CrashIT {
  private static final int MESSAGES = 20_000;
  private static final int KILLS = 5;
  /** Short, so that what a killed runner held comes back soon. */
  private static final Duration VISIBILITY = Duration.ofSeconds(5);

  @Test
  void killedFiveTimesMidDrainLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    Random random = Faults.random("crash");
    String queueUrl = Faults.queue(servers, "crash", VISIBILITY);
    String jdbcUrl = servers.newDatabase();
    Path key = Faults.keyFile(dir);
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(Logins.mixed("crash", MESSAGES, 20, random));
      assertThat(ledger.sent()).isEqualTo(MESSAGES);

      int kills = 0;
      for (int run = 1; run <= KILLS; run++) {
        // Kill points spread over the drain (the r-th near r / (KILLS + 2) of the queue committed),
        // each moved by a random amount, so that all five land before the drain ends however fast
        // the machine is; a runner that overshoots the next point is killed soon after its start.
        long step = MESSAGES / (KILLS + 2);
        long target = run * step + random.nextInt((int) step / 2) - step / 4;
        try (Runner runner = Runner.start(dir.resolve("run-" + run + ".log"), Runner.run(queueUrl, jdbcUrl, key))) {
          Faults.waitUntil(Duration.ofMinutes(2), "the runners committed " + target + " messages",
              () -> Ledger.committed(jdbcUrl) >= target || !runner.isAlive());
          Thread.sleep(random.nextInt(300));
          assertThat(runner.isAlive()).as("runner %d still running when killed; it printed:%n%s", run, runner.output())
              .isTrue();
          runner.kill();
          kills++;
        }
      }
      assertThat(Ledger.committed(jdbcUrl)).as("killed before the end").isLessThan(MESSAGES);

      // What the killed runners held comes back once its visibility timeout passes; a runner with
      // --until-empty may finish before, so run again until the queue holds nothing at all.
      int restarts = 0;
      while (ledger.queueTotal() > 0) {
        assertThat(restarts).as("restarts needed to drain").isLessThan(10);
        restarts++;
        try (Runner runner = Runner.start(dir.resolve("drain-" + restarts + ".log"),
            Runner.run(queueUrl, jdbcUrl, key, "--until-empty"))) {
          assertThat(runner.await(Duration.ofMinutes(3))).as("exit code of the drain run").isZero();
        }
      }

      Tally tally = ledger.check(jdbcUrl);
      System.out.println(tally.line("crash", kills));
      assertThat(kills).isEqualTo(KILLS);
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.unknown()).as("unknown: %s", tally).isZero();
      assertThat(tally.rows()).isEqualTo(MESSAGES - MESSAGES / 20);
      assertThat(tally.rejections()).isEqualTo(MESSAGES / 20);
      assertThat(ledger.queueTotal()).isZero();
    }
  }
}
