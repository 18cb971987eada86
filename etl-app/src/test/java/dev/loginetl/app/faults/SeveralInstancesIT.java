package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three runners on one queue at once drain it, every message written exactly once. */
@Tag(Faults.TAG)
class SeveralInstancesIT {
  private static final int MESSAGES = 20_000;
  private static final int RUNNERS = 3;

  @Test
  void threeRunnersOnOneQueueWriteEveryMessageOnce(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    // SQS's default visibility: this test is about sharing a queue, not about extending visibility
    // (SlowSinkIT is); with three JVMs on two cores a shorter one makes runners hold messages past it.
    String queueUrl = Faults.queue(servers, "several", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    Path key = Faults.keyFile(dir);
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(Logins.mixed("several", MESSAGES, 20, Faults.random("several-instances")));

      List<Runner> runners = new ArrayList<>();
      List<Runner.Summary> summaries = new ArrayList<>();
      try {
        for (int i = 1; i <= RUNNERS; i++) {
          runners.add(Runner.start(dir.resolve("runner-" + i + ".log"), Runner.run(queueUrl, jdbcUrl, key, "--until-empty")));
        }
        for (Runner runner : runners) {
          assertThat(runner.await(Duration.ofMinutes(3))).as("exit code; it printed:%n%s", runner.output()).isZero();
          summaries.add(runner.summary());
        }
      } finally {
        for (Runner runner : runners) {
          runner.close();
        }
      }

      Tally tally = ledger.check(jdbcUrl);
      System.out.println(tally.line("several-instances", 0) + "; deliveries of already stored messages "
          + summaries.stream().mapToLong(Runner.Summary::duplicates).sum());
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.rows()).isEqualTo(MESSAGES - MESSAGES / 20);
      assertThat(tally.rejections()).isEqualTo(MESSAGES / 20);
      assertThat(ledger.queueTotal()).isZero();
      assertThat(summaries).as("every runner took part").allSatisfy(s -> assertThat(s.received()).isPositive());
      long loaded = summaries.stream().mapToLong(Runner.Summary::loaded).sum();
      long rejected = summaries.stream().mapToLong(Runner.Summary::rejected).sum();
      assertThat(loaded).as("rows the runners say they wrote").isEqualTo(tally.rows());
      assertThat(rejected).as("rejections the runners say they recorded").isEqualTo(tally.rejections());
    }
  }
}
