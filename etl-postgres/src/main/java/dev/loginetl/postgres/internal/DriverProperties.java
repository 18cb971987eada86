package dev.loginetl.postgres.internal;

import java.util.Map;
import org.postgresql.ds.common.BaseDataSource;

/**
 * pgjdbc settings every connection of this module uses, so that nothing it does leaves state on
 * the server session between transactions. A pooler in transaction mode (PgBouncer before 1.21)
 * runs each transaction on whichever server connection is free, and RDS Proxy pins a client to one
 * server connection for good once it sees such state.
 *
 * <ul>
 *   <li>{@code prepareThreshold=0}: every statement is sent as the unnamed statement, parsed where
 *       it runs. By default pgjdbc names a statement ({@code S_1}) on its fifth use and from then
 *       on only refers to it, which fails on another server connection ("prepared statement S_1
 *       does not exist", or "already exists" on one another client prepared it on).
 *   <li>{@code assumeMinServerVersion=9.0}: {@code application_name} travels in the start-up
 *       packet instead of a {@code SET} right after connecting, which RDS Proxy would pin on.
 * </ul>
 *
 * <p>A setting given as a parameter of the JDBC URL takes precedence over these.
 */
public final class DriverProperties {
  private static final int PREPARE_THRESHOLD = 0;
  private static final String ASSUME_MIN_SERVER_VERSION = "9.0";

  /** The settings as driver properties, name to value, for a pool that takes them so. */
  public static final Map<String, String> SESSION_FREE =
      Map.of(
          "prepareThreshold", String.valueOf(PREPARE_THRESHOLD),
          "assumeMinServerVersion", ASSUME_MIN_SERVER_VERSION);

  private DriverProperties() {}

  /** Sets them on a pgjdbc data source. */
  public static void applyTo(BaseDataSource dataSource) {
    dataSource.setPrepareThreshold(PREPARE_THRESHOLD);
    dataSource.setAssumeMinServerVersion(ASSUME_MIN_SERVER_VERSION);
  }
}
