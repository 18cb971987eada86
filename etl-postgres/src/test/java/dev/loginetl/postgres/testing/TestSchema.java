package dev.loginetl.postgres.testing;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of the test's own on a test server, dropped after each test. Register it on an instance
 * field with {@code @RegisterExtension}, so that each test gets a new one; the class's own
 * {@code @AfterEach} methods run before the drop. A test that makes one later calls {@link #drop()}.
 */
public final class TestSchema implements AfterEachCallback {
  private final TestPostgres db;
  private final PostgresConfig config;

  private TestSchema(TestPostgres db) {
    this.db = requireNonNull(db, "db");
    this.config = db.newSchema();
  }

  /** A schema on {@code db} that does not exist yet: for tests that create or migrate it themselves. */
  public static TestSchema on(TestPostgres db) {
    return new TestSchema(db);
  }

  /** A schema on {@code db}, migrated to the current version before the test. */
  public static TestSchema migratedOn(TestPostgres db) {
    TestSchema schema = new TestSchema(db);
    PostgresSchema.migrate(schema.config);
    return schema;
  }

  /** The server the schema is on. */
  public TestPostgres db() {
    return db;
  }

  /** The access to the schema. */
  public PostgresConfig config() {
    return config;
  }

  /** The schema's name. */
  public String name() {
    return config.schema();
  }

  /** Drops the schema and all in it, if it exists. */
  public void drop() {
    db.dropSchema(config.schema());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    drop();
  }
}
