package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Depth;
import dev.loginetl.app.faults.Ledger.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of a drain: the runner finishes, commits and deletes what it had taken,
 * prints its summary and exits 0; everything it had not taken is still on the queue, visible.
 */
@Tag(Faults.TAG)
class GracefulStopIT {
  private static final int MESSAGES = 10_000;

  @Test
  void sigtermMidRunCommitsWhatWasTakenAndLeavesTheRestQueued(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    Random random = Faults.random("graceful-stop");
    String queueUrl = Faults.queue(servers, "graceful-stop", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(Logins.mixed("stop", MESSAGES, 25, random));
      long progress = 500 + random.nextInt(MESSAGES / 4);

      Runner.Summary summary;
      // At most 1,000 in hand, so that what it holds when stopped leaves most of the queue untaken.
      try (Runner runner = Runner.start(dir.resolve("run.log"),
          Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--max-in-flight", "1000"))) {
        Faults.waitUntil(Duration.ofMinutes(2), "the runner committed " + progress + " messages",
            () -> Ledger.committed(jdbcUrl) >= progress || !runner.isAlive());
        assertThat(runner.isAlive()).as("still running when stopped; it printed:%n%s", runner.output()).isTrue();
        runner.terminate();
        assertThat(runner.await(Duration.ofMinutes(2))).as("exit code after SIGTERM; it printed:%n%s", runner.output())
            .isZero();
        assertThat(runner.output()).contains("SIGTERM received: stopping gracefully");
        summary = runner.summary();
      }

      // Taken means deleted: nothing is left hidden, waiting for its visibility timeout.
      Depth depth = ledger.depth();
      Set<String> queued = ledger.takeVisible();
      Tally tally = ledger.check(jdbcUrl, queued);
      System.out.println(tally.line("graceful-stop", 1));
      assertThat(depth.inFlight()).as("messages left in flight by the stopped runner").isZero();
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.committedAndQueued()).as("committed yet still queued: %s", tally).isZero();
      assertThat(tally.rows() + tally.rejections()).as("committed").isEqualTo(summary.deleted())
          .isEqualTo(summary.received()).isLessThan(MESSAGES);
      assertThat(summary.loaded() + summary.rejected()).isEqualTo(summary.received());
      assertThat(queued).hasSize(MESSAGES - tally.rows() - tally.rejections());
      assertThat(depth.visible()).isEqualTo(queued.size());
    }
  }
}
