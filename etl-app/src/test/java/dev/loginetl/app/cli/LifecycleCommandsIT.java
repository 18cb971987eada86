package dev.loginetl.app.cli;

import static dev.loginetl.app.testing.Cli.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.testing.Cli;
import dev.loginetl.app.testing.Cli.Result;
import dev.loginetl.app.testing.TestDatabase;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.SubjectHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate}, {@code retention} and {@code erase} through the command line, on a real PostgreSQL. */
class LifecycleCommandsIT {
  @TempDir Path dir;

  private final TestDatabase database = TestDatabase.migrated();

  @Test
  void retentionKeepingNinetyDaysOfFourHundredLeavesTheLastNinetyAndADryRunChangesNothing() {
    Result migrate = Cli.run(args(new String[] {"migrate", "--partitions-ahead", "1"}, database.options()));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    database.jdbi().useHandle(h -> h.execute("INSERT INTO user_logins (message_id, user_id, create_date)"
        + " SELECT 'm-' || d, 'u-' || d, DATE '" + today + "' - d FROM generate_series(0, 399) AS d"));

    Result dry = Cli.run(args(new String[] {"retention", "--keep-days", "90", "--dry-run"}, database.options()));
    long afterDryRun = count("SELECT count(*) FROM user_logins");
    Result run = Cli.run(args(new String[] {"retention", "--keep-days", "90"}, database.options()));
    Result again = Cli.run(args(new String[] {"retention", "--keep-days", "90"}, database.options()));

    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("partitions of user_logins made");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would", "dry run: nothing changed");
    assertThat(afterDryRun).isEqualTo(400);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("cutoff " + today.minusDays(89), "done: 310 rows removed");
    assertThat(again.out()).contains("no row of user_logins is older than the cutoff", "done: 0 rows removed");
    assertThat(count("SELECT count(*) FROM user_logins")).isEqualTo(90);
    assertThat(count("SELECT count(*) FROM user_logins WHERE create_date < DATE '" + today.minusDays(89) + "'")).isZero();
    assertThat(count("SELECT count(*) FROM data_lifecycle_audit WHERE action = 'retention'")).isEqualTo(2);
  }

  @Test
  void eraseRecordsTheKeyedHashOfEachUserAndNeverTheId() throws Exception {
    database.jdbi().useHandle(h -> h.execute("INSERT INTO user_logins (message_id, user_id, create_date)"
        + " SELECT 'm-' || n, 'u-' || (n % 10), CURRENT_DATE FROM generate_series(1, 100) AS n"));
    PiiKeyset key = PiiKeyset.generate(MaskingStrategy.HMAC);
    Path keyFile = dir.resolve("hmac.json");
    key.writeNew(keyFile);
    Path ids = Files.writeString(dir.resolve("ids.txt"), "u-3\n\nu-nobody\n");

    Result result = Cli.run(args(new String[] {"erase", "--key-file", keyFile.toString(), "--user-id", "u-1",
        "--from-file", ids.toString()}, database.options()));

    SubjectHasher hasher = SubjectHasher.create(key);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains(hasher.hash("u-1") + ": 10 rows", hasher.hash("u-nobody") + ": 0 rows",
        "erased 3 user(s): 20 rows").doesNotContain("u-1", "u-3", "u-nobody");
    assertThat(count("SELECT count(*) FROM user_logins")).isEqualTo(80);
    List<String> subjects = database.jdbi().withHandle(h -> h.createQuery(
        "SELECT subject_hash FROM data_lifecycle_audit ORDER BY id").mapTo(String.class).list());
    assertThat(subjects).containsExactly(hasher.hash("u-1"), hasher.hash("u-3"), hasher.hash("u-nobody"));
  }

  private long count(String sql) {
    return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
