package dev.loginetl.lab.bench;

import dev.loginetl.core.EtlException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark's own statements on its PostgreSQL: dropping its schemas ({@code loginetl_bench_*})
 * and the fixtures' databases. Stateless; thread-safe.
 */
final class Schemas {
  private Schemas() {}

  /**
   * Drops {@code schema} and everything in it, if it exists.
   *
   * @throws EtlException when PostgreSQL refuses
   */
  static void drop(BenchSetup setup, String schema) {
    execute(setup, setup.jdbcUrl(), "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
  }

  /**
   * Runs {@code statement} on the database at {@code url}, as the benchmark's user, its notices
   * below warnings unsent.
   *
   * @throws EtlException when PostgreSQL refuses
   */
  static void execute(BenchSetup setup, String url, String statement) {
    try (Connection connection = DriverManager.getConnection(url, setup.login());
        Statement s = connection.createStatement()) {
      s.execute("SET client_min_messages = warning");
      s.execute(statement);
    } catch (SQLException e) {
      throw new EtlException("PostgreSQL refused '" + statement + "': " + e.getMessage(), e);
    }
  }
}
