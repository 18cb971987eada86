package dev.loginetl.postgres.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.internal.PartitionCatalog;
import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns an unpartitioned {@code user_logins} that holds rows into a partitioned one without
 * rewriting it: the table becomes the new table's first partition, {@value #OLD_PARTITION}, which
 * holds every date before a bound (the start of the period after next), and partitions by period
 * follow from that bound.
 *
 * <p>The steps, each told to {@code progress}; none blocks the loader's writes but the last, which
 * is short:
 *
 * <ol>
 *   <li>the indexes the partitioned table needs, {@code (message_id, create_date)} unique and
 *       {@code (user_id)}, are built on the table with {@code CREATE INDEX CONCURRENTLY} (writes go
 *       on; an invalid one left by an interrupted run is built again);
 *   <li>a {@code CHECK (create_date IS NOT NULL AND create_date < bound)} constraint is added
 *       {@code NOT VALID} (instant), rows outside it (no date, or dated after the bound) are moved to
 *       a holding table, and the constraint is validated (a scan that lets writes go on);
 *   <li>in one transaction, with a lock timeout: the table is renamed {@value #OLD_PARTITION}, a
 *       partitioned {@code user_logins} with its columns (from the catalog), defaults and checks is
 *       made, the old table is attached as the partition of {@code [MINVALUE, bound)} (the valid
 *       check spares the scan and the indexes are attached, not built), the default partition is
 *       made and the held rows go into it, and the privileges granted on the old table are granted
 *       on the new one;
 *   <li>the partitions of the period that starts at the bound and of {@code periodsAhead} after it
 *       are made ({@link Partitions#createAhead}).
 * </ol>
 *
 * <p>Views and foreign keys that name {@code user_logins} follow the renamed table, not the new
 * one: make them again afterwards. Loaders started before the conversion must be restarted after it.
 * Running it again on a partitioned table does nothing. Not thread-safe against itself: run one
 * conversion at a time (the last step's lock makes a second one fail, not corrupt).
 */
public final class PartitionConversion {
  /** What the old table is called once it is a partition. */
  public static final String OLD_PARTITION = "user_logins_unpartitioned";
  private static final String BOUND_CHECK = "user_logins_unpartitioned_bound";
  private static final String HOLDING = "user_logins_outside_bound";

  private PartitionConversion() {}

  /**
   * Converts {@code user_logins}, if it is not partitioned yet.
   *
   * @return whether it converted (false: already partitioned)
   * @throws EtlException when a step fails; what was done before stays, and running again resumes
   */
  public static boolean convert(PostgresConfig config, PartitionGranularity granularity, LocalDate today,
      int periodsAhead, Consumer<String> progress) {
    requireNonNull(config, "config");
    requireNonNull(granularity, "granularity");
    requireNonNull(progress, "progress");
    String s = config.schema();
    String q = '"' + s + '"';
    Jdbi jdbi = Sessions.jdbi(config, "loginetl-partition");
    LocalDate bound = granularity.next(granularity.next(granularity.start(today)));
    try {
      if (!jdbi.withHandle(h -> PartitionCatalog.exists(h, s, Partitions.TABLE))) {
        throw new EtlException("schema '" + s + "' has no user_logins: run `loginetl migrate` first");
      }
      if (jdbi.withHandle(h -> PartitionCatalog.isPartitioned(h, s, Partitions.TABLE))) {
        progress.accept("user_logins is partitioned already: nothing to convert");
        return false;
      }
      progress.accept("building the unique index (message_id, create_date) concurrently");
      concurrentIndex(jdbi, s, "user_logins_unpartitioned_key_idx",
          "CREATE UNIQUE INDEX CONCURRENTLY user_logins_unpartitioned_key_idx ON " + q
              + ".user_logins (message_id, create_date)");
      progress.accept("building the index (user_id) concurrently");
      concurrentIndex(jdbi, s, "user_logins_unpartitioned_user_id_idx",
          "CREATE INDEX CONCURRENTLY user_logins_unpartitioned_user_id_idx ON " + q + ".user_logins (user_id)");

      progress.accept("checking that every row is dated before " + bound);
      jdbi.useHandle(h -> {
        h.execute("ALTER TABLE " + q + ".user_logins DROP CONSTRAINT IF EXISTS " + BOUND_CHECK);
        h.execute("ALTER TABLE " + q + ".user_logins ADD CONSTRAINT " + BOUND_CHECK
            + " CHECK (create_date IS NOT NULL AND create_date < DATE '" + bound + "') NOT VALID");
        h.execute("CREATE TABLE IF NOT EXISTS " + q + "." + HOLDING + " (LIKE " + q + ".user_logins)");
      });
      int held = jdbi.inTransaction(h -> h.createUpdate("WITH moved AS (DELETE FROM " + q + ".user_logins"
              + " WHERE create_date IS NULL OR create_date >= DATE '" + bound + "' RETURNING *)"
              + " INSERT INTO " + q + "." + HOLDING + " SELECT * FROM moved").execute());
      jdbi.useHandle(h -> h.execute("ALTER TABLE " + q + ".user_logins VALIDATE CONSTRAINT " + BOUND_CHECK));
      if (held > 0) {
        progress.accept(held + " row(s) without a date or dated from " + bound + " on go to the default partition");
      }

      progress.accept("attaching user_logins as partition " + OLD_PARTITION + " of [MINVALUE, " + bound + ")");
      jdbi.useTransaction(h -> swap(h, q, bound));
      List<String> made = Partitions.createAhead(config, granularity, bound, periodsAhead);
      progress.accept("made partition(s) " + made);
      return true;
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "converting user_logins to a partitioned table");
    }
  }

  private static void swap(Handle h, String q, LocalDate bound) {
    h.execute("SET LOCAL lock_timeout = '" + Partitions.LOCK_TIMEOUT + "'");
    h.execute("LOCK TABLE " + q + ".user_logins IN ACCESS EXCLUSIVE MODE");
    h.execute("ALTER TABLE " + q + ".user_logins RENAME TO " + OLD_PARTITION);
    h.execute("CREATE TABLE " + q + ".user_logins (LIKE " + q + "." + OLD_PARTITION + " INCLUDING DEFAULTS"
        + " INCLUDING CONSTRAINTS INCLUDING COMMENTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE"
        + " INCLUDING STATISTICS) PARTITION BY RANGE (create_date)");
    h.execute("ALTER TABLE " + q + ".user_logins DROP CONSTRAINT " + BOUND_CHECK);
    h.execute("ALTER TABLE " + q + ".user_logins ADD CONSTRAINT user_logins_message_id_create_date_key"
        + " UNIQUE (message_id, create_date)");
    h.execute("CREATE INDEX user_logins_user_id_idx ON " + q + ".user_logins (user_id)");
    h.execute("ALTER TABLE " + q + ".user_logins ATTACH PARTITION " + q + "." + OLD_PARTITION
        + " FOR VALUES FROM (MINVALUE) TO ('" + bound + "')");
    h.execute("CREATE TABLE " + q + "." + Partitions.DEFAULT_PARTITION + " PARTITION OF " + q + ".user_logins DEFAULT");
    h.execute("INSERT INTO " + q + ".user_logins SELECT * FROM " + q + "." + HOLDING);
    h.execute("DROP TABLE " + q + "." + HOLDING);
    h.execute("COMMENT ON TABLE " + q + ".user_logins IS 'Logins, range-partitioned by create_date;"
        + " user_logins_default holds dates no partition covers.'");
    // The new table is the one readers name: it gets the privileges the old one had.
    List<String> grants = h.createQuery("SELECT format('GRANT %s ON " + q.replace("%", "%%") + ".user_logins TO %s',"
            + " privilege_type, CASE WHEN grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(grantee) END)"
            + " FROM information_schema.role_table_grants WHERE table_schema = :s AND table_name = :t"
            + " AND grantee <> current_user")
        .bind("s", q.substring(1, q.length() - 1)).bind("t", OLD_PARTITION)
        .mapTo(String.class).list();
    grants.forEach(h::execute);
  }

  /** Builds an index concurrently, unless a valid one of that name exists; an invalid one is built again. */
  private static void concurrentIndex(Jdbi jdbi, String schema, String name, String create) {
    String q = '"' + schema + '"';
    jdbi.useHandle(h -> {
      Boolean valid = h.createQuery("SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(:n)")
          .bind("n", q + "." + name).mapTo(Boolean.class).findOne().orElse(null);
      if (Boolean.TRUE.equals(valid)) {
        return;
      }
      if (valid != null) {
        h.execute("DROP INDEX CONCURRENTLY " + q + "." + name);
      }
      h.execute(create);
    });
  }
}
