package dev.loginetl.postgres.internal;

import dev.loginetl.postgres.PostgresConfig;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections for short, one-connection tasks (an audit row, a maintenance job) that need no
 * pool: each {@link Jdbi} handle opens a connection and closes it when done.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * A {@link Jdbi} over a plain pgjdbc data source for {@code config}, whose connections keep the
   * server's DETAIL lines (which can quote values) out of exception messages and leave no state on
   * the server session ({@link DriverSettings}).
   *
   * @param applicationName what {@code pg_stat_activity} shows for the connections
   */
  public static Jdbi jdbi(PostgresConfig config, String applicationName) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(config.jdbcUrl());
    dataSource.setUser(config.user());
    dataSource.setPassword(config.password().reveal());
    dataSource.setLogServerErrorDetail(false);
    dataSource.setApplicationName(applicationName);
    dataSource.setConnectTimeout(Math.max(1, (int) config.connectionTimeout().toSeconds()));
    DriverSettings.applyTo(dataSource);
    return Jdbi.create(dataSource);
  }

  /** Where {@code config} points, for {@link SqlErrors#translate}. */
  public static SqlErrors.Context context(PostgresConfig config) {
    return new SqlErrors.Context(Endpoint.of(config.jdbcUrl()), config.user(), config.schema());
  }

  /** {@code "schema".table}, for SQL text; the schema is a validated lower-case identifier. */
  public static String table(PostgresConfig config, String table) {
    return '"' + config.schema() + "\"." + table;
  }
}
