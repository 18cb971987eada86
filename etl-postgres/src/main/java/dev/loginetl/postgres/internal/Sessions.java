package dev.loginetl.postgres.internal;

import dev.loginetl.postgres.PostgresConfig;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Connections for short, one-connection tasks (an audit row, a maintenance job) that need no
 * pool: each {@link Jdbi} handle opens a connection and closes it when done.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * A {@link Jdbi} over a plain pgjdbc data source for {@code config}, whose connections keep the
   * server's DETAIL lines (which can quote values) out of exception messages and leave no state on
   * the server session ({@link DriverProperties}).
   *
   * @param applicationName what {@code pg_stat_activity} shows for the connections
   */
  public static Jdbi jdbi(PostgresConfig config, String applicationName) {
    return Jdbi.create(dataSource(config, applicationName,
        Map.of("connectTimeout", String.valueOf(Math.max(1, config.connectionTimeout().toSeconds())))));
  }

  /**
   * A data source for {@code config} whose connections log in with the config's password source
   * at the time they open ({@link LoginDataSource}), keep the server's DETAIL lines (which can quote
   * values) out of exception messages and leave no state on the server session ({@link
   * DriverProperties}). Parameters of the JDBC URL take precedence over all of these.
   *
   * @param applicationName what {@code pg_stat_activity} shows for the connections
   * @param extra further pgjdbc properties
   */
  public static LoginDataSource dataSource(
      PostgresConfig config, String applicationName, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(DriverProperties.SESSION_FREE);
    // Keep row values out of exceptions: without this, pgjdbc copies the server's DETAIL line
    // ("Key (message_id)=(...)", "Failing row contains (...)") into every exception message.
    properties.put("logServerErrorDetail", "false");
    properties.put("ApplicationName", applicationName);
    properties.putAll(extra);
    return new LoginDataSource(config.jdbcUrl(), config.user(), config.passwords(), properties);
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
