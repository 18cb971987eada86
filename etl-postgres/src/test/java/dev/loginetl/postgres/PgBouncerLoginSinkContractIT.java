package dev.loginetl.postgres;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.postgres.testing.TestPgBouncer;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.testkit.LoginSinkContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The real sink passes the sink contract through PgBouncer in transaction mode, with a pool of four
 * connections sharing two server connections. The schema is migrated directly on PostgreSQL.
 */
class PgBouncerLoginSinkContractIT implements LoginSinkContract {
  private static final TestPostgres DB = TestPostgres.shared();
  private static TestPgBouncer bouncer;
  private PostgresConfig direct;

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
  public LoginSink newSink() {
    direct = DB.newSchema();
    PostgresSchema.migrate(direct);
    return PostgresLoginSink.open(PgBouncerIT.through(bouncer, "pooled", direct).withPoolSize(4));
  }

  @Override
  public Map<String, LoginRow> storedRows() {
    return DB.rows(direct.schema());
  }

  @Override
  public Map<String, Rejection> storedRejections() {
    return DB.rejections(direct.schema());
  }

  @Override
  public Set<String> resolvedRejections() {
    return DB.resolvedRejections(direct.schema());
  }

  @AfterEach
  void dropSchema() {
    if (direct != null) {
      DB.dropSchema(direct.schema());
    }
  }
}
