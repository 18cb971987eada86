package dev.loginetl.postgres.internal;

import dev.loginetl.postgres.PostgresConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * What the catalog says about a table's partitions: their names and date ranges, read from
 * {@code pg_inherits} and {@code pg_get_expr(relpartbound)}. Stateless; thread-safe.
 */
public final class PartitionCatalog {
  private static final Pattern RANGE =
      Pattern.compile("FOR VALUES FROM \\((?:'([0-9-]+)'|MINVALUE)\\) TO \\((?:'([0-9-]+)'|MAXVALUE)\\)");

  private PartitionCatalog() {}

  /**
   * One partition of a table.
   *
   * @param lower nullable: the first date it holds; null for MINVALUE or for the default partition
   * @param upper nullable: the first date after it; null for MAXVALUE or for the default partition
   */
  public record Partition(String name, LocalDate lower, LocalDate upper, boolean isDefault) {
    /** Whether it holds some date of {@code [from, to)}; the default partition never says so. */
    public boolean overlaps(LocalDate from, LocalDate to) {
      return !isDefault && (lower == null || lower.isBefore(to)) && (upper == null || upper.isAfter(from));
    }
  }

  /**
   * Whether {@code table} in the schema {@code config} names is a partitioned table, asked on a
   * connection of its own.
   *
   * @throws dev.loginetl.core.EtlException translated as the module's other reads are
   */
  public static boolean isPartitioned(PostgresConfig config, String table) {
    try {
      return Sessions.jdbi(config, "loginetl-partitions")
          .withHandle(h -> isPartitioned(h, config.schema(), table));
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "reading the layout of " + table);
    }
  }

  /** Whether {@code "schema".table} is a partitioned table. */
  public static boolean isPartitioned(Handle handle, String schema, String table) {
    return handle.createQuery("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(:t)")
        .bind("t", '"' + schema + "\"." + table)
        .mapTo(Boolean.class).findOne().orElse(false);
  }

  /** Whether {@code "schema".table} exists. */
  public static boolean exists(Handle handle, String schema, String table) {
    return handle.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", '"' + schema + "\"." + table)
        .mapTo(Boolean.class).one();
  }

  /** The partitions of {@code "schema".table}, by name; empty when it has none or is not partitioned. */
  public static List<Partition> partitions(Handle handle, String schema, String table) {
    return handle.createQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(:t) ORDER BY c.relname")
        .bind("t", '"' + schema + "\"." + table)
        .map((rs, ctx) -> partition(rs.getString(1), rs.getString(2)))
        .list();
  }

  static Partition partition(String name, String bound) {
    if (bound == null || bound.equals("DEFAULT")) {
      return new Partition(name, null, null, true);
    }
    Matcher m = RANGE.matcher(bound);
    if (!m.matches()) {
      throw new IllegalStateException("partition " + name + " has a bound this loader does not know: " + bound);
    }
    return new Partition(name, m.group(1) == null ? null : LocalDate.parse(m.group(1)),
        m.group(2) == null ? null : LocalDate.parse(m.group(2)), false);
  }
}
