package dev.loginetl.postgres;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.testkit.LoginSinkContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The sink contract, each test on a new schema migrated directly on a test server and dropped
 * after it. Subclasses name the server and may open the sink another way than directly.
 */
abstract class MigratedSchemaSinkContract implements LoginSinkContract {
  private TestPostgres db;
  private PostgresConfig schema;

  /** The server the test's schema is made on; asked once per test. */
  abstract TestPostgres db();

  /** Opens the sink under test on the migrated schema; directly unless overridden. */
  LoginSink open(PostgresConfig migrated) {
    return PostgresLoginSink.open(migrated);
  }

  @Override
  public final LoginSink newSink() {
    db = db();
    schema = db.newSchema();
    PostgresSchema.migrate(schema);
    return open(schema);
  }

  @Override
  public final Map<String, LoginRow> storedRows() {
    return db.rows(schema.schema());
  }

  @Override
  public final Map<String, Rejection> storedRejections() {
    return db.rejections(schema.schema());
  }

  @Override
  public final Set<String> resolvedRejections() {
    return db.resolvedRejections(schema.schema());
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      db.dropSchema(schema.schema());
    }
  }
}
