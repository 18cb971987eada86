package dev.loginetl.lab.bench;

import dev.loginetl.core.EtlException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Drops the benchmark's schemas ({@code loginetl_bench_*}). Stateless; thread-safe. */
final class Schemas {
  private Schemas() {}

  /**
   * Drops {@code schema} and everything in it, if it exists.
   *
   * @throws EtlException when PostgreSQL refuses
   */
  static void drop(BenchSetup setup, String schema) {
    sql(setup, "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
  }

  private static void sql(BenchSetup setup, String statement) {
    Properties login = new Properties();
    login.setProperty("user", setup.user());
    login.setProperty("password", setup.password().reveal());
    login.setProperty("logServerErrorDetail", "false");
    try (Connection connection = DriverManager.getConnection(setup.jdbcUrl(), login);
        Statement s = connection.createStatement()) {
      s.execute("SET client_min_messages = warning");
      s.execute(statement);
    } catch (SQLException e) {
      throw new EtlException("PostgreSQL refused '" + statement + "': " + e.getMessage(), e);
    }
  }
}
