package dev.loginetl.postgres.internal;

import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PasswordSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.Driver;

/**
 * A {@link DataSource} that opens each connection with the password its {@link PasswordSource}
 * gives at that moment. When the server refuses the login (SQLSTATE 28P01 or 28000) it tells the
 * source ({@link PasswordSource#refused()}), asks again and, if the password changed, tries once
 * more: a secret rotated under the running process is picked up by the next connection, without a
 * restart.
 *
 * <p>Driver properties are passed to pgjdbc as properties, so that a parameter of the JDBC URL takes
 * precedence over them, as it does for {@link DriverManager}. The password travels in a fresh
 * {@link Properties} per attempt and is kept nowhere else.
 *
 * <p>Thread-safe; holds no connection and needs no closing.
 */
public final class LoginDataSource implements DataSource {
  private static final Driver DRIVER = new Driver();

  private final String jdbcUrl;
  private final String user;
  private final PasswordSource passwords;
  private final Map<String, String> driverProperties;

  /**
   * @param driverProperties pgjdbc properties, name to value; the URL's own parameters win
   */
  public LoginDataSource(String jdbcUrl, String user, PasswordSource passwords, Map<String, String> driverProperties) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.passwords = passwords;
    this.driverProperties = Map.copyOf(driverProperties);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Password tried = passwords.current();
    try {
      return connect(tried);
    } catch (SQLException refused) {
      if (!isLoginRefused(refused)) {
        throw refused;
      }
      passwords.refused();
      Password fresh = passwords.current();
      if (fresh.equals(tried)) {
        throw refused;
      }
      return connect(fresh);
    }
  }

  /** Whether the server refused the user or password: 28P01 (invalid_password) or 28000. */
  public static boolean isLoginRefused(SQLException failure) {
    String state = failure.getSQLState();
    return "28P01".equals(state) || "28000".equals(state);
  }

  private Connection connect(Password password) throws SQLException {
    Properties properties = new Properties();
    driverProperties.forEach(properties::setProperty);
    properties.setProperty("user", user);
    properties.setProperty("password", password.reveal());
    Connection connection = DRIVER.connect(jdbcUrl, properties);
    if (connection == null) {
      throw new SQLException("pgjdbc does not accept the JDBC URL", "08001");
    }
    return connection;
  }

  /** Always uses this source's user and password: the arguments are refused. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("this data source logs in with its own user and password source");
  }

  @Override
  public PrintWriter getLogWriter() {
    return DriverManager.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    DriverManager.setLogWriter(out);
  }

  /** pgjdbc reads {@link DriverManager#getLoginTimeout()} unless {@code loginTimeout} is set. */
  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("org.postgresql");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "LoginDataSource[server=" + Endpoint.of(jdbcUrl) + ", user=" + user + "]";
  }
}
