package dev.loginetl.postgres;

import dev.loginetl.postgres.testing.TestPostgres;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The sink contract against PostgreSQL in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerLoginSinkContractIT extends MigratedSchemaSinkContract {
  @Container
  private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

  @Override
  TestPostgres db() {
    return TestPostgres.of("testcontainers", POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
  }
}
