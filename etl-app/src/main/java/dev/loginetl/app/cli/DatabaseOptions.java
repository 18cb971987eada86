package dev.loginetl.app.cli;

import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import picocli.CommandLine.Option;

/** Where the database is. Defaults match the exercise's Postgres setup. */
public final class DatabaseOptions {
  @Option(names = "--jdbc-url", paramLabel = "URL",
      defaultValue = "${env:LOGINETL_JDBC_URL:-jdbc:postgresql://localhost:5432/postgres}",
      description = "PostgreSQL JDBC URL. Env LOGINETL_JDBC_URL; default ${DEFAULT-VALUE}.")
  String jdbcUrl;

  @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:PGUSER:-postgres}",
      description = "Database user. Env PGUSER; default ${DEFAULT-VALUE}.")
  String user;

  @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:PGPASSWORD:-postgres}",
      description = "Database password. Env PGPASSWORD (preferred: not visible in the process list); default postgres.")
  String password;

  /** The sink settings these options name, with a pool for {@code connections} connections. */
  public PostgresConfig config(int connections) {
    return PostgresConfig.of(jdbcUrl, user, Password.of(password)).withPoolSize(connections);
  }
}
