package dev.loginetl.postgres.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention on 400 days of monthly-partitioned rows, on a real PostgreSQL. */
class RetentionIT {
  private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
  private static final int ROWS_PER_DAY = 500;

  @RegisterExtension final TestSchema testSchema = TestSchema.migratedOn(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  @Test
  void keepingNinetyDaysOfFourHundredLeavesExactlyTheLastNinetyAndRunningAgainRemovesNothing() {
    Partitions.ensure(config, PartitionGranularity.MONTH, TODAY.minusDays(399), TODAY.plusDays(1));
    db.admin().useHandle(h -> {
      h.execute("INSERT INTO " + schema + ".user_logins (message_id, user_id, create_date)"
          + " SELECT 'm-' || d || '-' || n, 'u-' || n, DATE '" + TODAY + "' - d"
          + " FROM generate_series(0, 399) AS d, generate_series(1, " + ROWS_PER_DAY + ") AS n");
      // The same rows in a plain table, to time a DELETE of them beside the drops.
      h.execute("CREATE TABLE " + schema + ".plain AS SELECT * FROM " + schema + ".user_logins");
      h.execute("INSERT INTO " + schema + ".user_logins_rejected (message_id, reason, detail, redacted_body,"
          + " rejected_at, resolved_at) VALUES"
          + " ('r-old-resolved', 'NOT_JSON', 'x', 'x', now() - interval '200 days', now() - interval '199 days'),"
          + " ('r-old-open', 'NOT_JSON', 'x', 'x', now() - interval '200 days', NULL),"
          + " ('r-new-resolved', 'NOT_JSON', 'x', 'x', now(), now())");
    });
    LocalDate cutoff = TODAY.minusDays(89);

    RetentionPlan plan = Retention.plan(config, cutoff);
    assertThat(db.count(schema, "user_logins")).as("a plan changes nothing").isEqualTo(400L * ROWS_PER_DAY);
    List<RetentionPlan.Step> told = new ArrayList<>();
    long dropStart = System.nanoTime();
    RetentionPlan done = Retention.apply(config, cutoff, told::add);
    long dropNanos = System.nanoTime() - dropStart;
    RetentionPlan again = Retention.apply(config, cutoff, step -> {});

    assertThat(done).isEqualTo(plan);
    assertThat(told).isEqualTo(done.steps());
    assertThat(done.rows()).isEqualTo(310L * ROWS_PER_DAY);
    assertThat(done.steps()).filteredOn(s -> s.action() == RetentionPlan.Action.DELETE_ROWS)
        .extracting(RetentionPlan.Step::table).containsExactly("user_logins_p2026_09");
    assertThat(done.partitionsDropped()).hasSize(10).doesNotContain("user_logins_p2026_09");
    assertThat(done.resolvedRejections()).isEqualTo(1);
    assertThat(again.steps()).isEmpty();
    assertThat(again.resolvedRejections()).isZero();
    List<String> kept = db.admin().withHandle(h -> h.createQuery("SELECT min(create_date) || ' ' || max(create_date)"
        + " || ' ' || count(DISTINCT create_date) || ' ' || count(*) FROM " + schema + ".user_logins")
        .mapTo(String.class).list());
    assertThat(kept).containsExactly(cutoff + " " + TODAY + " 90 " + 90 * ROWS_PER_DAY);
    assertThat(rejectionIds()).containsExactlyInAnyOrder("r-old-open", "r-new-resolved");
    List<String> audit = db.admin().withHandle(h -> h.createQuery("SELECT cutoff || ' ' || rows_deleted || ' '"
            + " || rejections_deleted || ' ' || cardinality(partitions_dropped) FROM " + schema
            + ".data_lifecycle_audit WHERE action = 'retention' ORDER BY id")
        .mapTo(String.class).list());
    assertThat(audit).containsExactly(cutoff + " " + 310 * ROWS_PER_DAY + " 1 10", cutoff + " 0 0 0");

    long deleteStart = System.nanoTime();
    int deleted = db.admin().withHandle(h -> h.createUpdate("DELETE FROM " + schema + ".plain WHERE create_date < ?")
        .bind(0, cutoff).execute());
    long deleteNanos = System.nanoTime() - deleteStart;
    assertThat(deleted).isEqualTo(310 * ROWS_PER_DAY);
    // A figure for the notes, not a check: timings vary with the machine's load.
    System.out.printf(Locale.ROOT, "retention of %,d rows: partitions dropped and straddling rows deleted in %d ms;"
        + " one DELETE of the same rows from an unpartitioned table %d ms%n",
        deleted, dropNanos / 1_000_000, deleteNanos / 1_000_000);
  }

  private List<String> rejectionIds() {
    return db.admin().withHandle(h -> h.createQuery("SELECT message_id FROM " + schema + ".user_logins_rejected")
        .mapTo(String.class).list());
  }
}
