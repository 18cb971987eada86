package dev.loginetl.postgres;

import dev.loginetl.core.port.LoginSink;
import dev.loginetl.postgres.testing.TestPgBouncer;
import dev.loginetl.postgres.testing.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The real sink passes the sink contract through PgBouncer in transaction mode, with a pool of four
 * connections sharing two server connections. The schema is migrated directly on PostgreSQL.
 */
@Tag("tools") // needs a real PgBouncer: the tools tier (-Ptools)
class PgBouncerLoginSinkContractIT extends MigratedSchemaSinkContract {
  private static final TestPostgres DB = TestPostgres.shared();
  private static TestPgBouncer bouncer;

  @BeforeAll
  static void startPgBouncer() {
    bouncer = TestPgBouncer.start(DB, Map.of("pooled", 2));
  }

  @AfterAll
  static void stopPgBouncer() {
    if (bouncer != null) {
      bouncer.close();
    }
  }

  @Override
  TestPostgres db() {
    return DB;
  }

  @Override
  LoginSink open(PostgresConfig migrated) {
    return PostgresLoginSink.open(PgBouncerIT.through(bouncer, "pooled", migrated).withPoolSize(4));
  }
}
