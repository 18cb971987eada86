package dev.loginetl.postgres;

import dev.loginetl.postgres.testing.TestPostgres;

/** The real sink passes the same tests as the in-memory fake, each on a new migrated schema. */
class PostgresLoginSinkContractIT extends MigratedSchemaSinkContract {
  @Override
  TestPostgres db() {
    return TestPostgres.shared();
  }
}
