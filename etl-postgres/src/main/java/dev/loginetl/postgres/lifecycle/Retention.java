package dev.loginetl.postgres.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.internal.PartitionCatalog;
import dev.loginetl.postgres.internal.PartitionCatalog.Partition;
import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import dev.loginetl.postgres.lifecycle.RetentionPlan.Action;
import dev.loginetl.postgres.lifecycle.RetentionPlan.Step;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Removes what is older than a cutoff date: the partitions of {@code user_logins} that end on or
 * before it are dropped whole; in a partition that straddles it (and in the default partition)
 * only the rows dated before it are deleted, in batches of {@value #DELETE_BATCH}; resolved
 * rejections rejected before it are deleted. Open rejections are kept: they are the only record of
 * a message not yet stored. Rows with no {@code create_date} have no age and are kept.
 *
 * <p>Each drop and each batch is a transaction of its own with a {@value Partitions#LOCK_TIMEOUT}
 * lock timeout, so the loader's writes wait at most that long; the run is idempotent, and a run
 * stopped half-way is finished by running it again. A run that applies its plan ends with one row
 * in {@code data_lifecycle_audit}: the cutoff, the partitions dropped, the rows and rejections
 * removed, and the rows per partition. Through a pooler in transaction mode too: no session state.
 *
 * <p>Stateless; thread-safe.
 */
public final class Retention {
  static final int DELETE_BATCH = 50_000;

  private Retention() {}

  /** What {@link #apply} would remove for {@code cutoff}; changes nothing. Counts rows (a scan of each partition concerned). */
  public static RetentionPlan plan(PostgresConfig config, LocalDate cutoff) {
    requireNonNull(config, "config");
    requireNonNull(cutoff, "cutoff");
    try {
      return Sessions.jdbi(config, "loginetl-retention").withHandle(h -> plan(h, config.schema(), cutoff));
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "planning retention");
    }
  }

  /**
   * Removes what {@link #plan} names, tells {@code progress} of each step as it is done, and
   * records the run in {@code data_lifecycle_audit}.
   *
   * @return what was removed
   */
  public static RetentionPlan apply(PostgresConfig config, LocalDate cutoff, Consumer<Step> progress) {
    requireNonNull(config, "config");
    requireNonNull(cutoff, "cutoff");
    requireNonNull(progress, "progress");
    String q = '"' + config.schema() + '"';
    Jdbi jdbi = Sessions.jdbi(config, "loginetl-retention");
    try {
      RetentionPlan plan = jdbi.withHandle(h -> plan(h, config.schema(), cutoff));
      List<Step> done = new ArrayList<>();
      for (Step step : plan.steps()) {
        long rows;
        if (step.action() == Action.DROP_PARTITION) {
          rows = jdbi.inTransaction(h -> {
            h.execute("SET LOCAL lock_timeout = '" + Partitions.LOCK_TIMEOUT + "'");
            long n = h.createQuery("SELECT count(*) FROM " + q + ".\"" + step.table() + "\"").mapTo(Long.class).one();
            h.execute("DROP TABLE " + q + ".\"" + step.table() + "\"");
            return n;
          });
        } else {
          rows = 0;
          String delete = "DELETE FROM " + q + ".\"" + step.table() + "\" WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
              + q + ".\"" + step.table() + "\" WHERE create_date < ? LIMIT " + DELETE_BATCH + "))";
          for (int n = DELETE_BATCH; n == DELETE_BATCH; ) {
            n = jdbi.inTransaction(h -> {
              h.execute("SET LOCAL lock_timeout = '" + Partitions.LOCK_TIMEOUT + "'");
              return h.createUpdate(delete).bind(0, cutoff).execute();
            });
            rows += n;
          }
        }
        Step did = new Step(step.table(), step.action(), rows);
        done.add(did);
        progress.accept(did);
      }
      long rejections = jdbi.withHandle(h -> h.createUpdate("DELETE FROM " + q + ".user_logins_rejected"
          + " WHERE resolved_at IS NOT NULL AND rejected_at < (CAST(? AS date)::timestamp AT TIME ZONE 'UTC')")
          .bind(0, cutoff).execute());
      RetentionPlan result = new RetentionPlan(cutoff, done, rejections);
      Map<String, Long> perTable = new LinkedHashMap<>();
      done.forEach(s -> perTable.put(s.table(), s.rows()));
      jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + q + ".data_lifecycle_audit (action, cutoff, rows_deleted,"
              + " rejections_deleted, partitions_dropped, detail) VALUES ('retention', ?, ?, ?, ?, CAST(? AS jsonb))")
          .bind(0, cutoff).bind(1, result.rows()).bind(2, rejections)
          .bind(3, result.partitionsDropped().toArray(String[]::new))
          .bind(4, json(perTable))
          .execute());
      return result;
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "applying retention");
    }
  }

  private static RetentionPlan plan(Handle h, String schema, LocalDate cutoff) {
    String q = '"' + schema + '"';
    List<Step> steps = new ArrayList<>();
    List<Partition> partitions = PartitionCatalog.isPartitioned(h, schema, Partitions.TABLE)
        ? PartitionCatalog.partitions(h, schema, Partitions.TABLE)
        : List.of(new Partition(Partitions.TABLE, null, null, true));
    for (Partition p : partitions) {
      if (p.lower() != null && !p.lower().isBefore(cutoff)) {
        continue;
      }
      boolean whole = !p.isDefault() && p.upper() != null && !p.upper().isAfter(cutoff);
      long rows = whole
          ? h.createQuery("SELECT count(*) FROM " + q + ".\"" + p.name() + "\"").mapTo(Long.class).one()
          : h.createQuery("SELECT count(*) FROM " + q + ".\"" + p.name() + "\" WHERE create_date < ?")
              .bind(0, cutoff).mapTo(Long.class).one();
      if (whole) {
        steps.add(new Step(p.name(), Action.DROP_PARTITION, rows));
      } else if (rows > 0) {
        steps.add(new Step(p.name(), Action.DELETE_ROWS, rows));
      }
    }
    long rejections = h.createQuery("SELECT count(*) FROM " + q + ".user_logins_rejected"
            + " WHERE resolved_at IS NOT NULL AND rejected_at < (CAST(? AS date)::timestamp AT TIME ZONE 'UTC')")
        .bind(0, cutoff).mapTo(Long.class).one();
    return new RetentionPlan(cutoff, steps, rejections);
  }

  /** A JSON object of names (catalog identifiers: no quoting needed beyond escaping) to counts. */
  static String json(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> "\"" + e.getKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
