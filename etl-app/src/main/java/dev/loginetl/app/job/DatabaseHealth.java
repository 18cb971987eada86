package dev.loginetl.app.job;

import dev.loginetl.app.metrics.HealthCheck;
import dev.loginetl.postgres.PostgresConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/** Healthy when a new connection to the database opens and answers within a few seconds. */
final class DatabaseHealth implements HealthCheck {
  private final PostgresConfig config;

  DatabaseHealth(PostgresConfig config) {
    this.config = config;
  }

  @Override
  public Optional<String> problem() {
    Properties properties = new Properties();
    properties.setProperty("user", config.user());
    properties.setProperty("password", config.password().reveal());
    properties.setProperty("connectTimeout", "3");
    properties.setProperty("socketTimeout", "3");
    try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties)) {
      return connection.isValid(3) ? Optional.empty() : Optional.of("PostgreSQL at " + config.server() + " does not answer");
    } catch (SQLException e) {
      return Optional.of("PostgreSQL at " + config.server() + " is unreachable (SQLSTATE " + e.getSQLState() + ")");
    }
  }
}
