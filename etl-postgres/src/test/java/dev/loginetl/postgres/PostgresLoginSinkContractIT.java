package dev.loginetl.postgres;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.testkit.LoginSinkContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The real sink passes the same tests as the in-memory fake, each on a new migrated schema. */
class PostgresLoginSinkContractIT implements LoginSinkContract {
  private final TestPostgres db = TestPostgres.shared();
  private PostgresConfig config;

  @Override
  public LoginSink newSink() {
    config = db.newSchema();
    PostgresSchema.migrate(config);
    return PostgresLoginSink.open(config);
  }

  @Override
  public Map<String, LoginRow> storedRows() {
    return db.rows(config.schema());
  }

  @Override
  public Map<String, Rejection> storedRejections() {
    return db.rejections(config.schema());
  }

  @Override
  public Set<String> resolvedRejections() {
    return db.resolvedRejections(config.schema());
  }

  @AfterEach
  void dropSchema() {
    if (config != null) {
      db.dropSchema(config.schema());
    }
  }
}
