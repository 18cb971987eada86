package dev.loginetl.postgres.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.internal.PartitionCatalog;
import dev.loginetl.postgres.internal.PartitionCatalog.Partition;
import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of {@code user_logins}, made before they are needed (create-ahead).
 *
 * <p>Each partition is made in a transaction of its own, under a transaction-scoped advisory lock
 * per schema and a {@value #LOCK_TIMEOUT} lock timeout, and leaves no session state: it works
 * through a pooler in transaction mode, and several loaders may run it at once. A period that an
 * existing partition already covers, even in part (another granularity, a converted table's old
 * partition), is left as it is. Rows that the default partition holds for a period are moved into
 * that period's partition as it is made, since PostgreSQL refuses the partition otherwise.
 *
 * <p>On a {@code user_logins} that is not partitioned (an installation not yet converted, see
 * {@link PartitionConversion}) it does nothing. Stateless; thread-safe.
 */
public final class Partitions {
  /** The table partitioned. */
  public static final String TABLE = "user_logins";
  /** The name of its default partition. */
  public static final String DEFAULT_PARTITION = "user_logins_default";
  /** How many periods after the current one create-ahead makes, unless told otherwise. */
  public static final int DEFAULT_PERIODS_AHEAD = 2;
  static final String LOCK_TIMEOUT = "10s";

  private static final Logger log = LoggerFactory.getLogger(Partitions.class);

  private Partitions() {}

  /** Whether {@code user_logins} is partitioned. */
  public static boolean isPartitioned(PostgresConfig config) {
    requireNonNull(config, "config");
    return PartitionCatalog.isPartitioned(config, TABLE);
  }

  /**
   * Makes the partitions of the period that holds {@code today} and of the {@code periodsAhead}
   * periods after it, where missing.
   *
   * @return the names of the partitions made; empty when all existed or the table is not partitioned
   * @throws dev.loginetl.core.RetryableEtlException when the server cannot be reached, or a lock is
   *     not granted within the timeout (the loader's writes held it): running again later helps
   * @throws dev.loginetl.core.EtlException for any other refusal
   */
  public static List<String> createAhead(
      PostgresConfig config, PartitionGranularity granularity, LocalDate today, int periodsAhead) {
    if (periodsAhead < 0) {
      throw new IllegalArgumentException("periodsAhead is " + periodsAhead + ": it must not be negative");
    }
    LocalDate from = granularity.start(today);
    LocalDate to = from;
    for (int i = 0; i <= periodsAhead; i++) {
      to = granularity.next(to);
    }
    return ensure(config, granularity, from, to);
  }

  /**
   * Makes the partitions of every period that starts in {@code [from, to)}, where missing (for
   * example the past periods a backfill will write into).
   *
   * @return the names of the partitions made
   */
  public static List<String> ensure(PostgresConfig config, PartitionGranularity granularity, LocalDate from, LocalDate to) {
    requireNonNull(config, "config");
    requireNonNull(granularity, "granularity");
    Jdbi jdbi = Sessions.jdbi(config, "loginetl-partitions");
    List<String> made = new ArrayList<>();
    try {
      if (!jdbi.withHandle(h -> PartitionCatalog.isPartitioned(h, config.schema(), TABLE))) {
        log.debug("user_logins of schema '{}' is not partitioned: no partition to make", config.schema());
        return made;
      }
      for (LocalDate start = granularity.start(from); start.isBefore(to); start = granularity.next(start)) {
        LocalDate lower = start;
        LocalDate upper = granularity.next(start);
        String name = granularity.partitionName(TABLE, start);
        if (jdbi.inTransaction(h -> make(h, config.schema(), name, lower, upper))) {
          made.add(name);
        }
      }
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "making the partitions of user_logins");
    }
    if (!made.isEmpty()) {
      log.info("made partition(s) {} of user_logins in schema '{}'", made, config.schema());
    }
    return made;
  }

  /** Makes one partition unless one covers part of its range already; true when it made it. */
  private static boolean make(Handle h, String schema, String name, LocalDate lower, LocalDate upper) {
    String q = '"' + schema + '"';
    h.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
    h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:k)) IS NULL").bind("k", "loginetl-partitions:" + schema)
        .mapTo(Boolean.class).one();
    List<Partition> existing = PartitionCatalog.partitions(h, schema, TABLE);
    if (existing.stream().anyMatch(p -> p.name().equals(name) || p.overlaps(lower, upper))) {
      return false;
    }
    String bounds = "FOR VALUES FROM ('" + lower + "') TO ('" + upper + "')";
    boolean hasDefault = existing.stream().anyMatch(Partition::isDefault);
    String defaultPartition = hasDefault
        ? existing.stream().filter(Partition::isDefault).findFirst().orElseThrow().name() : null;
    String inRange = " WHERE create_date >= DATE '" + lower + "' AND create_date < DATE '" + upper + "'";
    if (hasDefault && h.createQuery("SELECT EXISTS (SELECT 1 FROM " + q + ".\"" + defaultPartition + "\"" + inRange + ")")
        .mapTo(Boolean.class).one()) {
      // Writes into the default partition wait while its rows of this period move.
      h.execute("LOCK TABLE " + q + ".\"" + defaultPartition + "\" IN EXCLUSIVE MODE");
      h.execute("CREATE TABLE " + q + "." + name + " (LIKE " + q + "." + TABLE
          + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)");
      h.execute("WITH moved AS (DELETE FROM " + q + ".\"" + defaultPartition + "\"" + inRange
          + " RETURNING *) INSERT INTO " + q + "." + name + " SELECT * FROM moved");
      h.execute("ALTER TABLE " + q + "." + TABLE + " ATTACH PARTITION " + q + "." + name + " " + bounds);
    } else {
      h.execute("CREATE TABLE " + q + "." + name + " PARTITION OF " + q + "." + TABLE + " " + bounds);
    }
    return true;
  }
}
