package dev.loginetl.postgres;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import dev.loginetl.testkit.LoginSinkContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The sink contract, each test on a new schema migrated directly on a test server and dropped
 * after it. Subclasses name the server and may open the sink another way than directly.
 */
abstract class MigratedSchemaSinkContract implements LoginSinkContract {
  private TestSchema schema;

  /** The server the test's schema is made on; asked once per test. */
  abstract TestPostgres db();

  /** Opens the sink under test on the migrated schema; directly unless overridden. */
  LoginSink open(PostgresConfig migrated) {
    return PostgresLoginSink.open(migrated);
  }

  @Override
  public final LoginSink newSink() {
    schema = TestSchema.migratedOn(db());
    return open(schema.config());
  }

  @Override
  public final Map<String, LoginRow> storedRows() {
    return schema.db().rows(schema.name());
  }

  @Override
  public final Map<String, Rejection> storedRejections() {
    return schema.db().rejections(schema.name());
  }

  @Override
  public final Set<String> resolvedRejections() {
    return schema.db().resolvedRejections(schema.name());
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.drop();
    }
  }
}
