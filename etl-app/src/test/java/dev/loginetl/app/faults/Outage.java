package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The two outage scenarios, for either server: a short outage the runner rides out, and one longer
 * than its outage limit, which it must give up on. {@code stop} and {@code start} take the server
 * down and up again on the same port.
 */
final class Outage {
  /** What the runner's /health said while the server was down. */
  record Health(int answers, int unready, int naming) {}

  private final String name;
  private final String check;
  private final FaultServers servers;
  private final Runnable stop;
  private final Runnable start;

  /**
   * @param name the scenario's name, for the printed line and the queue's name
   * @param check the /health check that must report the outage ("database" or "queue")
   */
  Outage(String name, String check, FaultServers servers, Runnable stop, Runnable start) {
    this.name = name;
    this.check = check;
    this.servers = servers;
    this.stop = stop;
    this.start = start;
  }

  /**
   * Down for {@code down} mid-run, then up: the runner stays up, says it is unready meanwhile,
   * retries, and once the server is back commits everything exactly once and is ready again.
   */
  void riddenOut(Path dir, int messages, Duration down) throws Exception {
    Random random = Faults.random(name);
    String queueUrl = Faults.queue(servers, name, Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(Logins.mixed(name, messages, 20, random));
      long progress = 500 + random.nextInt(messages / 4);
      try (Runner runner = Runner.start(dir.resolve("run.log"),
          Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir), "--outage-limit", "120", "--wait-time", "1"),
          Runner.freePort())) {
        Faults.waitUntil(Duration.ofMinutes(2), "the runner committed " + progress + " messages",
            () -> Ledger.committed(jdbcUrl) >= progress || !runner.isAlive());
        assertThat(runner.isAlive()).as("running when the server went down").isTrue();

        stop.run();
        Health health = watchHealth(runner, down);
        assertThat(runner.isAlive()).as("still running after %s s of outage; it printed:%n%s", down.toSeconds(),
            runner.output()).isTrue();
        start.run();

        Faults.waitUntil(Duration.ofMinutes(3), "every message committed after the restart",
            () -> Ledger.committed(jdbcUrl) >= ledger.sent() || !runner.isAlive());
        Faults.waitUntil(Duration.ofMinutes(1), "/health answers 200 again", () -> runner.get("/health").status() == 200);
        runner.terminate();
        assertThat(runner.await(Duration.ofMinutes(1))).as("exit code; it printed:%n%s", runner.output()).isZero();
        String output = runner.output();

        Tally tally = ledger.check(jdbcUrl);
        System.out.println(tally.line(name, 1) + "; /health while down: " + health.unready() + " of "
            + health.answers() + " answers unready, " + health.naming() + " naming the " + check);
        assertThat(health.unready()).as("unready answers while down").isPositive();
        assertThat(health.naming()).as("answers naming the %s check", check).isPositive();
        assertThat(output).contains("retrying").contains("working again");
        assertThat(tally.lost()).as("lost: %s", tally).isZero();
        assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
        assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
        assertThat(tally.rows() + tally.rejections()).isEqualTo(messages);
        assertThat(ledger.queueTotal()).isZero();
      }
    }
  }

  /**
   * Down for longer than the runner's outage limit: it exits 1, and every message is committed or
   * still on the queue (it deleted nothing it had not committed). A later run then loads the rest,
   * each message exactly once.
   */
  void outlasted(Path dir, int messages) throws Exception {
    Random random = Faults.random(name + "-beyond-limit");
    // Short, so that what the failed runner held is soon visible again.
    String queueUrl = Faults.queue(servers, name + "-beyond-limit", Duration.ofSeconds(5));
    String jdbcUrl = servers.newDatabase();
    Path key = Faults.keyFile(dir);
    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(Logins.mixed(name + "-limit", messages, 20, random));
      long progress = 500 + random.nextInt(messages / 4);
      String output;
      try (Runner runner = Runner.start(dir.resolve("run.log"),
          Runner.run(queueUrl, jdbcUrl, key, "--outage-limit", "5", "--wait-time", "1"))) {
        Faults.waitUntil(Duration.ofMinutes(2), "the runner committed " + progress + " messages",
            () -> Ledger.committed(jdbcUrl) >= progress || !runner.isAlive());
        assertThat(runner.isAlive()).as("running when the server went down").isTrue();
        stop.run();
        try {
          assertThat(runner.await(Duration.ofMinutes(2))).as("exit code; it printed:%n%s", runner.output()).isEqualTo(1);
        } finally {
          start.run();
        }
        output = runner.output();
      }
      assertThat(output).contains("loginetl: stopped:");

      // What it held comes back after the visibility timeout; then it is all on the queue or committed.
      Faults.waitUntil(Duration.ofMinutes(1), "nothing in flight", () -> ledger.depth().inFlight() == 0);
      Set<String> queued = ledger.takeVisible();
      Tally afterFailure = ledger.check(jdbcUrl, queued);
      System.out.println(afterFailure.line(name + "-beyond-limit (after the failed run)", 1)
          + "; committed yet not deleted " + afterFailure.committedAndQueued());
      assertThat(afterFailure.lost()).as("deleted without being committed: %s", afterFailure).isZero();
      assertThat(afterFailure.duplicated()).as("duplicated: %s", afterFailure).isZero();
      assertThat(queued).as("left on the queue").isNotEmpty();

      // The messages counted above are hidden for 10 minutes; a runner must not wait for that.
      ledger.releaseTaken();
      try (Runner runner = Runner.start(dir.resolve("drain.log"), Runner.run(queueUrl, jdbcUrl, key, "--until-empty"))) {
        assertThat(runner.await(Duration.ofMinutes(3))).as("exit code of the drain run").isZero();
      }
      Tally tally = ledger.check(jdbcUrl);
      System.out.println(tally.line(name + "-beyond-limit", 1));
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.rows() + tally.rejections()).isEqualTo(messages);
      assertThat(ledger.queueTotal()).isZero();
    }
  }

  /** Asks /health every 200 ms for {@code down}. */
  private Health watchHealth(Runner runner, Duration down) throws InterruptedException {
    List<Runner.Http> answers = new ArrayList<>();
    long until = System.nanoTime() + down.toNanos();
    while (System.nanoTime() < until) {
      answers.add(runner.get("/health"));
      Thread.sleep(200);
    }
    int unready = (int) answers.stream().filter(a -> a.status() == 503).count();
    int naming = (int) answers.stream().filter(a -> a.status() == 503
        && a.body().lines().anyMatch(line -> line.startsWith(check + ":"))).count();
    return new Health(answers.size(), unready, naming);
  }
}
