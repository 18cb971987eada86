package dev.loginetl.postgres;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.testkit.LoginSinkContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The sink contract against PostgreSQL in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerLoginSinkContractIT implements LoginSinkContract {
  @Container
  private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

  private TestPostgres db;
  private PostgresConfig config;

  @Override
  public LoginSink newSink() {
    db = TestPostgres.of("testcontainers", POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
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
