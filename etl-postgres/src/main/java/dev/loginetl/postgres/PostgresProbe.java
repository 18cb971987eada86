package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.internal.LoginDataSource;
import dev.loginetl.postgres.internal.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the database takes a new connection now, as a health check asks: a connection of its
 * own, opened the way the sink's pool opens its connections. So it logs in with what the config's
 * {@link PasswordSource} gives at that moment and, when the server refuses that, asks the source
 * again ({@link PasswordSource#refused()}): a password rotated under the running process (a
 * re-mounted secret file, a renewed RDS IAM token) does not turn the check red while the sink
 * writes on. It leaves no state on the server session, so it works behind PgBouncer in transaction
 * mode too.
 *
 * <p>Stateless; thread-safe.
 */
public final class PostgresProbe {
  private PostgresProbe() {}

  /**
   * What is wrong with the database now, as a sentence that names the server and the user, never
   * the password; empty when a new connection opens and answers within {@code timeout} (whole
   * seconds, at least one).
   */
  public static Optional<String> problem(PostgresConfig config, Duration timeout) {
    requireNonNull(config, "config");
    String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
    LoginDataSource dataSource = Sessions.dataSource(config, "loginetl-health",
        Map.of("connectTimeout", seconds, "socketTimeout", seconds));
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(Integer.parseInt(seconds)) ? Optional.empty()
          : Optional.of("PostgreSQL at " + config.server() + " does not answer");
    } catch (SQLException e) {
      if (LoginDataSource.isLoginRefused(e)) {
        return Optional.of("PostgreSQL at " + config.server() + " refuses the login for user '" + config.user()
            + "' (SQLSTATE " + e.getSQLState() + ")");
      }
      return Optional.of("PostgreSQL at " + config.server() + " is unreachable (SQLSTATE " + e.getSQLState() + ")");
    } catch (RuntimeException e) {
      // The password source failed (an unreadable secret file); its message may not be safe to show.
      return Optional.of("the password for user '" + config.user() + "' of PostgreSQL at " + config.server()
          + " cannot be had (" + e.getClass().getSimpleName() + ")");
    }
  }
}
