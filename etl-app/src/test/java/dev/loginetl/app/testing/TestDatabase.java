package dev.loginetl.app.testing;

import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A database of its own on an embedded PostgreSQL started once per JVM. The commands take no
 * schema option, so each test gets a new database, whose {@code public} schema it uses.
 */
public final class TestDatabase {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private final String jdbcUrl;
  private final Jdbi jdbi;

  private TestDatabase(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
    this.jdbi = Jdbi.create(jdbcUrl, "postgres", "");
  }

  /** A new, empty database. */
  public static TestDatabase create() {
    EmbeddedPostgres postgres = server();
    String name = "app_" + DATABASES.incrementAndGet();
    Jdbi.create(postgres.getJdbcUrl("postgres", "postgres"))
        .useHandle(h -> h.execute("CREATE DATABASE " + name));
    return new TestDatabase(postgres.getJdbcUrl("postgres", name).replaceFirst("\\?.*$", ""));
  }

  /** A new database with the loader's schema. */
  public static TestDatabase migrated() {
    TestDatabase database = create();
    PostgresSchema.migrate(database.config());
    return database;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public PostgresConfig config() {
    return PostgresConfig.of(jdbcUrl, "postgres", Password.none());
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The options that point a command at this database. */
  public String[] options() {
    return new String[] {"--jdbc-url", jdbcUrl, "--db-user", "postgres", "--db-password", "unused"};
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
      } catch (IOException e) {
        throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
      }
    }
    return server;
  }
}
