package dev.loginetl.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;

/**
 * What a PostgreSQL SQLSTATE means to the loader: its condition name, whether a retry may help,
 * and whether it is the database refusing a row's values.
 */
public final class SqlStates {
  private static final Properties NAMES = load();

  /**
   * Failures where retrying the whole transaction may succeed: the server went away, is starting
   * or stopping, is short of connections or memory, became read-only in a fail-over, or resolved a
   * conflict between transactions by cancelling ours. Class 08 (connection exception) is added.
   */
  private static final Set<String> RETRYABLE =
      Set.of(
          "25006", // read_only_sql_transaction: a fail-over left us on a standby for now
          "25P03", // idle_in_transaction_session_timeout
          "25P04", // transaction_timeout
          "40001", // serialization_failure
          "40003", // statement_completion_unknown
          "40P01", // deadlock_detected
          "53200", // out_of_memory
          "53300", // too_many_connections
          "55P03", // lock_not_available
          "57014", // query_canceled (statement_timeout, or an operator)
          "57P01", // admin_shutdown
          "57P02", // crash_shutdown
          "57P03", // cannot_connect_now: starting up or in recovery
          "57P05"); // idle_session_timeout

  private SqlStates() {}

  /** The condition name, such as {@code check_violation}, or null for a code it does not know. */
  public static String name(String sqlState) {
    return sqlState == null ? null : NAMES.getProperty(sqlState);
  }

  /** {@code 23514 (check_violation)}, or the code alone when its name is unknown. */
  public static String describe(String sqlState) {
    String name = name(sqlState);
    return name == null ? sqlState : sqlState + " (" + name + ")";
  }

  public static boolean isRetryable(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || RETRYABLE.contains(sqlState));
  }

  /**
   * Whether the error is the database refusing values it was given, as opposed to failing: a data
   * exception (class 22), an integrity constraint (class 23), an exception raised by a trigger
   * (P0001), or a value too large for an index (54000). Another attempt with the same values
   * fails the same way, so the row that caused it is stored as a rejection instead.
   */
  public static boolean isRefusal(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("22")
            || sqlState.startsWith("23")
            || sqlState.equals("P0001")
            || sqlState.equals("54000"));
  }

  private static Properties load() {
    Properties names = new Properties();
    try (InputStream in = SqlStates.class.getResourceAsStream("sqlstates.properties")) {
      if (in == null) {
        throw new IllegalStateException("sqlstates.properties is missing from the etl-postgres jar");
      }
      names.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
