package dev.loginetl.postgres.testing;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * The PostgreSQL server integration tests run against, and helpers to read what a schema holds.
 *
 * <p>{@link #shared()} chooses: the server named by {@code TEST_JDBC_URL} ({@code TEST_JDBC_USER}
 * and {@code TEST_JDBC_PASSWORD} default to postgres/postgres) when that is set, else an embedded
 * PostgreSQL (zonky), started once per JVM. Testcontainers' server comes in through {@link #of},
 * from a test that skips itself without Docker. Each test gets a store of its own as a new schema
 * ({@link #newSchema()}), so tests never see each other's rows.
 */
public final class TestPostgres {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static TestPostgres shared;

  private final String kind;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Jdbi admin;

  private TestPostgres(String kind, String jdbcUrl, String user, String password) {
    this.kind = kind;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.admin = Jdbi.create(jdbcUrl, user, password);
  }

  /** The server of this test run, started on first use. */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      String url = System.getenv("TEST_JDBC_URL");
      if (url != null && !url.isBlank()) {
        shared = of("TEST_JDBC_URL", url, env("TEST_JDBC_USER", "postgres"), env("TEST_JDBC_PASSWORD", "postgres"));
      } else {
        EmbeddedPostgres embedded = startEmbedded();
        shared = of("embedded", embedded.getJdbcUrl("postgres", "postgres").replaceFirst("\\?.*$", ""), "postgres", "");
      }
    }
    return shared;
  }

  /** A server that is already running. */
  public static TestPostgres of(String kind, String jdbcUrl, String user, String password) {
    return new TestPostgres(kind, jdbcUrl, user, password);
  }

  /** Whether this is the embedded server this JVM started (a superuser on a local data directory). */
  public boolean isEmbedded() {
    return kind.equals("embedded");
  }

  public String kind() {
    return kind;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  /** The test server's password: a test value, never a real secret. */
  public String password() {
    return password;
  }

  /** A config for a new schema of its own; the schema does not exist yet. */
  public PostgresConfig newSchema() {
    String schema = "it_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    return config(schema);
  }

  public PostgresConfig config(String schema) {
    return PostgresConfig.of(jdbcUrl, user, Password.of(password))
        .withSchema(schema)
        .withConnectionTimeout(Duration.ofSeconds(5));
  }

  /** A superuser's (or the configured user's) access, for setting up and checking. */
  public Jdbi admin() {
    return admin;
  }

  public void dropSchema(String schema) {
    admin.useHandle(h -> h.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE"));
  }

  /** The rows of {@code schema.user_logins} that have a message id, by message id. */
  public Map<String, LoginRow> rows(String schema) {
    Map<String, LoginRow> rows = new LinkedHashMap<>();
    admin.useHandle(
        h ->
            h.createQuery(
                    "SELECT message_id, sqs_message_id, user_id, device_type, masked_ip, masked_device_id, locale,"
                        + " app_version, app_version_raw, create_date, masked_ip_net, ip_country, ip_asn, ip_asn_org"
                        + " FROM \"" + schema
                        + "\".user_logins WHERE message_id IS NOT NULL ORDER BY message_id")
                .map(
                    (rs, ctx) ->
                        new LoginRow(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            (Integer) rs.getObject(8),
                            rs.getString(9),
                            rs.getObject(10, LocalDate.class),
                            rs.getString(11),
                            rs.getString(12),
                            (Long) rs.getObject(13),
                            rs.getString(14)))
                .forEach(row -> rows.put(row.messageId(), row)));
    return rows;
  }

  /** The rejections of {@code schema.user_logins_rejected}, by message id. */
  public Map<String, Rejection> rejections(String schema) {
    Map<String, Rejection> rejections = new LinkedHashMap<>();
    admin.useHandle(
        h ->
            h.createQuery(
                    "SELECT message_id, sqs_message_id, reason, detail, redacted_body FROM \"" + schema
                        + "\".user_logins_rejected ORDER BY message_id")
                .map(
                    (rs, ctx) ->
                        new Rejection(
                            rs.getString(1), rs.getString(2), RejectReason.valueOf(rs.getString(3)), rs.getString(4),
                            rs.getString(5)))
                .forEach(r -> rejections.put(r.messageId(), r)));
    return rejections;
  }

  /** The message ids of {@code schema.user_logins_rejected} whose {@code resolved_at} is set. */
  public java.util.Set<String> resolvedRejections(String schema) {
    return admin.withHandle(h -> h.createQuery("SELECT message_id FROM \"" + schema
            + "\".user_logins_rejected WHERE resolved_at IS NOT NULL")
        .mapTo(String.class).collect(java.util.stream.Collectors.toSet()));
  }

  /** {@code select count(*) from schema.table}. */
  public long count(String schema, String table) {
    return admin.withHandle(
        h -> h.createQuery("SELECT count(*) FROM \"" + schema + "\"." + table).mapTo(Long.class).one());
  }

  private static EmbeddedPostgres startEmbedded() {
    try {
      return EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  @Override
  public String toString() {
    return "TestPostgres[" + kind + "]";
  }
}
