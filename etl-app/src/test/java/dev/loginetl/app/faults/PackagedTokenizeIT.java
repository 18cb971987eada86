package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner jar, whose Guava, Tink and protobuf are cut down to the classes it reaches
 * (see etl-app's shade configuration), still does the whole reversible path as separate processes:
 * a tokenize key generated under a master key, rotated, used by {@code run}, and the stored tokens
 * revealed again with {@code reveal --from-table}. Uses the fault tests' servers and runner process,
 * but injects no fault.
 */
class PackagedTokenizeIT {
  private static final int MESSAGES = 200;

  @Test
  void theMinimisedJarGeneratesRotatesLoadsAndRevealsTokens(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl = Faults.queue(servers, "packaged-tokenize", Duration.ofSeconds(30));
    String jdbcUrl = servers.newDatabase();
    Path master = dir.resolve("master.key");
    Path key = dir.resolve("tokenize.key");
    jar(dir, "keys", "master-key", "--out", master.toString());
    jar(dir, "keys", "generate", "--masking", "tokenize", "--master-key-file", master.toString(), "--out", key.toString());
    jar(dir, "keys", "rotate", "--key-file", key.toString(), "--master-key-file", master.toString());

    try (Ledger ledger = new Ledger(servers, queueUrl)) {
      ledger.send(Logins.mixed("packaged", MESSAGES, 0, Faults.random("packaged-tokenize")));
      List<String> run = new ArrayList<>(Runner.run(queueUrl, jdbcUrl, key, "--until-empty", "--masking", "tokenize",
          "--master-key-file", master.toString()));
      String printed = jar(dir, run.toArray(String[]::new));
      assertThat(printed).contains("loaded " + MESSAGES + ", rejected 0");
      assertThat(ledger.check(jdbcUrl).rows()).isEqualTo(MESSAGES);
    }

    String revealed = jar(dir, "reveal", "--key-file", key.toString(), "--master-key-file", master.toString(),
        "--jdbc-url", jdbcUrl, "--db-user", "postgres", "--db-password", "", "--actor", "ci", "--reason", "packaging test",
        "--from-table", "--limit", "5");
    List<String> lines = revealed.lines().filter(line -> line.split("\t").length == 3).toList();
    assertThat(lines).as(revealed).isNotEmpty().allSatisfy(line -> assertThat(line.split("\t")[2]).doesNotStartWith("t1:"));
  }

  /** Runs the packaged jar to its end; asserts exit 0 and returns what it printed. */
  private static String jar(Path dir, String... args) throws Exception {
    Path output = Files.createTempFile(dir, "jar", ".log");
    try (Runner runner = Runner.start(output, List.of(args))) {
      assertThat(runner.await(Duration.ofMinutes(2))).as("exit code of %s; it printed:%n%s", List.of(args).subList(0, 2),
          runner.output()).isZero();
      return runner.output();
    }
  }
}
