package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.internal.Endpoint;
import dev.loginetl.postgres.internal.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach the PostgreSQL database that holds {@code user_logins}. {@code etl-app} builds it
 * from its flags; this module reads no environment variables or flags itself.
 *
 * <p>Every component is validated at construction: a mistake fails with an {@link
 * IllegalArgumentException} whose message is one sentence saying what is wrong. {@link
 * #toString()} shows neither the password nor the URL's parameters.
 *
 * @param jdbcUrl a {@code jdbc:postgresql://host:port/database} URL; it must not carry the password
 *     (pass it as {@code password}), nor a {@code prepareThreshold} other than 0 (named statements
 *     break behind a pooler in transaction mode). Driver settings such as {@code sslmode}, or {@code
 *     socketTimeout} (300 seconds unless set here), may be given as its parameters.
 * @param user the database user
 * @param passwords where the user's password comes from for each new connection: {@link
 *     PasswordSource#fixed} (with {@link Password#none()} for a server that trusts the client), a
 *     rotated secret file, an RDS IAM token
 * @param poolSize how many connections the sink keeps, at least the number of writer threads
 * @param schema the schema holding {@code user_logins}: a lower-case SQL identifier
 * @param connectionTimeout how long a write waits for a connection before failing as retryable
 */
public record PostgresConfig(
    String jdbcUrl,
    String user,
    PasswordSource passwords,
    int poolSize,
    String schema,
    Duration connectionTimeout) {

  public static final int DEFAULT_POOL_SIZE = 4;
  public static final int MAX_POOL_SIZE = 100;
  public static final String DEFAULT_SCHEMA = "public";
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  /** The shortest connection timeout the pool accepts. */
  public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public PostgresConfig {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "the JDBC URL must start with jdbc:postgresql:, as in jdbc:postgresql://localhost:5432/postgres");
    }
    Endpoint.of(jdbcUrl);
    if (Endpoint.carriesPassword(jdbcUrl)) {
      throw new IllegalArgumentException(
          "the JDBC URL carries a password parameter: pass the password separately so that it never prints");
    }
    String prepareThreshold = Endpoint.parameter(jdbcUrl, "prepareThreshold");
    if (prepareThreshold != null && !prepareThreshold.strip().equals("0")) {
      throw new IllegalArgumentException(
          "the JDBC URL sets prepareThreshold: the loader sends every statement unnamed so that it works behind"
              + " a connection pooler in transaction mode; remove the parameter");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("the database user is missing: give the user to log in as");
    }
    requireNonNull(passwords, "the password source is null: use PasswordSource.fixed(Password.none()) for a server that needs none");
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "the pool size is " + poolSize + ": it must be between 1 and " + MAX_POOL_SIZE);
    }
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "the schema name must be a lower-case SQL identifier (letters, digits, underscores; at most 63)");
    }
    if (connectionTimeout == null || connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "the connection timeout must be at least " + MIN_CONNECTION_TIMEOUT.toMillis() + " ms");
    }
  }

  /** A config with a fixed password. */
  public PostgresConfig(
      String jdbcUrl, String user, Password password, int poolSize, String schema, Duration connectionTimeout) {
    this(jdbcUrl, user, PasswordSource.fixed(requireNonNull(password,
        "the password is null: use Password.none() for a server that needs none")), poolSize, schema, connectionTimeout);
  }

  /** A config with the default pool size, schema and connection timeout. */
  public static PostgresConfig of(String jdbcUrl, String user, Password password) {
    return of(jdbcUrl, user, PasswordSource.fixed(password));
  }

  /** A config with the default pool size, schema and connection timeout. */
  public static PostgresConfig of(String jdbcUrl, String user, PasswordSource passwords) {
    return new PostgresConfig(
        jdbcUrl, user, passwords, DEFAULT_POOL_SIZE, DEFAULT_SCHEMA, DEFAULT_CONNECTION_TIMEOUT);
  }

  /** The password to log in with now: {@code passwords().current()}. */
  public Password password() {
    return passwords.current();
  }

  /** The {@code sslmode} the URL sets, or null when it sets none. */
  public String sslMode() {
    return Endpoint.parameter(jdbcUrl, "sslmode");
  }

  /**
   * Whether the URL's {@code sslmode} ({@code require}, {@code verify-ca} or {@code verify-full})
   * makes the driver refuse a server that does not speak TLS.
   */
  public boolean requiresTls() {
    return Transport.requiresTls(jdbcUrl);
  }

  /**
   * Whether the URL's {@code sslmode} ({@code verify-ca} or {@code verify-full}) makes the driver
   * check the server's certificate; under {@code require} it encrypts but talks to any server.
   */
  public boolean verifiesServer() {
    return Transport.verifiesServer(jdbcUrl);
  }

  /**
   * The one server the URL names, unresolved, with port 5432 when the URL gives none; empty when the
   * URL names several servers or none. A login bound to one endpoint (an RDS IAM token) needs it.
   */
  public Optional<InetSocketAddress> singleServer() {
    String hosts = Endpoint.parameter(jdbcUrl, "PGHOST");
    if (hosts == null || hosts.contains(",")) {
      return Optional.empty();
    }
    String port = Endpoint.parameter(jdbcUrl, "PGPORT");
    return Optional.of(InetSocketAddress.createUnresolved(hosts, port == null ? 5432 : Integer.parseInt(port)));
  }

  public PostgresConfig withPoolSize(int newPoolSize) {
    return new PostgresConfig(jdbcUrl, user, passwords, newPoolSize, schema, connectionTimeout);
  }

  public PostgresConfig withSchema(String newSchema) {
    return new PostgresConfig(jdbcUrl, user, passwords, poolSize, newSchema, connectionTimeout);
  }

  public PostgresConfig withConnectionTimeout(Duration newTimeout) {
    return new PostgresConfig(jdbcUrl, user, passwords, poolSize, schema, newTimeout);
  }

  /** The servers and database the URL names, for messages: never its parameters. */
  public String server() {
    Endpoint endpoint = Endpoint.of(jdbcUrl);
    return endpoint.hostsAndPorts() + "/" + endpoint.database();
  }

  @Override
  public String toString() {
    return "PostgresConfig[server=" + server() + ", user=" + user + ", password=" + (passwords instanceof PasswordSource.Fixed ? "***" : passwords)
        + ", poolSize=" + poolSize + ", schema=" + schema
        + ", connectionTimeout=" + connectionTimeout + "]";
  }
}
