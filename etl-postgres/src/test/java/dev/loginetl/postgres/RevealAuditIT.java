package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.EtlException;
import dev.loginetl.postgres.MaskedLogins.MaskedLogin;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RevealAuditIT {
  @RegisterExtension final TestSchema testSchema = TestSchema.on(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  @Test
  void recordsOneCommittedRowPerRevealWithWhoWhyHowManyAndWhence() {
    PostgresSchema.migrate(config);

    long first = RevealAudit.record(config, "  alice ", "ticket SEC-1", 3, RevealAudit.FROM_ARGUMENTS);
    long second = RevealAudit.record(config, "bob", "fraud check", 0, RevealAudit.FROM_USER_LOGINS);

    assertThat(second).isGreaterThan(first);
    List<String> rows = db.admin().withHandle(h -> h.createQuery(
            "SELECT concat_ws('|', id, actor, reason, value_count, source, db_user, revealed_at IS NOT NULL)"
                + " FROM " + schema + ".pii_reveal_audit ORDER BY id")
        .mapTo(String.class)
        .list());
    assertThat(rows).containsExactly(
        first + "|alice|ticket SEC-1|3|arguments|postgres|t",
        second + "|bob|fraud check|0|user_logins|postgres|t");
  }

  @Test
  void refusesARevealWithoutActorAndRecordsNothing() {
    PostgresSchema.migrate(config);

    assertThatThrownBy(() -> RevealAudit.record(config, " ", "why", 1, RevealAudit.FROM_STDIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor");
    assertThat(db.count(schema, "pii_reveal_audit")).isZero();
  }

  @Test
  void failsWithAnAdviceToMigrateWhenTheAuditTableIsMissing() {
    db.admin().useHandle(h -> h.execute("CREATE SCHEMA " + schema));

    assertThatThrownBy(() -> RevealAudit.record(config, "alice", "why", 1, RevealAudit.FROM_STDIN))
        .isInstanceOf(EtlException.class)
        .hasMessageContaining("recording a reveal in the audit")
        .hasMessageContaining("run the migrations first");
  }

  @Test
  void selectsTheMasksOfOneUserSkippingRowsWithoutMasks() {
    PostgresSchema.migrate(config);
    db.admin().useHandle(h -> h.execute("INSERT INTO " + schema + ".user_logins"
        + " (user_id, masked_ip, masked_device_id, message_id) VALUES"
        + " ('u1', 'ip-1', 'dev-1', 'm2'), ('u1', NULL, NULL, 'm3'), ('u1', NULL, 'dev-0', NULL),"
        + " ('u1', 'ip-0', NULL, 'm1'), ('u2', 'ip-2', 'dev-2', 'm4')"));

    assertThat(MaskedLogins.select(config, "u1", 10)).containsExactly(
        new MaskedLogin("u1", "ip-0", null),
        new MaskedLogin("u1", "ip-1", "dev-1"),
        new MaskedLogin("u1", null, "dev-0"));
    assertThat(MaskedLogins.select(config, null, 2)).hasSize(2);
  }
}
