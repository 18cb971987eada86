package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A row stored under a key that has a rejection (a message rejected, forwarded to the dead-letter
 * queue, replayed once its cause was fixed) marks that rejection resolved, in the same transaction,
 * and keeps it.
 */
class RejectionResolutionIT {
  @RegisterExtension final TestSchema testSchema = TestSchema.migratedOn(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  private static LoginRow row(String key, String sqsId) {
    return new LoginRow(key, sqsId, "user-" + key, "smartwatch", "h1:k:ip", "h1:k:dev", "PT", 2_003_000, "2.3.0",
        LocalDate.of(2026, 10, 1));
  }

  private static Rejection refused(String key) {
    return new Rejection(key, key, RejectReason.REFUSED_BY_DATABASE,
        "PostgreSQL refused the row: SQLSTATE 22001 (string_data_right_truncation)", "{\"user_id\":\"u\"}");
  }

  /** resolved_at by message id, null for an open rejection. */
  private Map<String, OffsetDateTime> resolvedAt() {
    return db.admin().withHandle(h -> {
      Map<String, OffsetDateTime> resolved = new HashMap<>();
      h.createQuery("SELECT message_id, resolved_at FROM " + schema + ".user_logins_rejected")
          .map((rs, ctx) -> Map.entry(rs.getString(1), java.util.Optional.ofNullable(rs.getObject(2, OffsetDateTime.class))))
          .forEach(e -> resolved.put(e.getKey(), e.getValue().orElse(null)));
      return resolved;
    });
  }

  @Test
  void aRowStoredUnderARejectedKeyResolvesItsRejectionAndKeepsIt() {
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      sink.write(List.of(), List.of(refused("m-1"), refused("m-2")));
      OffsetDateTime before = db.admin().withHandle(h -> h.createQuery("SELECT now()").mapTo(OffsetDateTime.class).one());

      WriteResult replay = sink.write(List.of(row("m-1", "sqs-new"), row("m-3", "m-3")), List.of());

      assertThat(replay).isEqualTo(WriteResult.clean());
    }
    Map<String, OffsetDateTime> resolved = resolvedAt();
    assertThat(resolved).containsOnlyKeys("m-1", "m-2");
    assertThat(resolved.get("m-1")).as("resolved").isNotNull();
    assertThat(resolved.get("m-2")).as("still open").isNull();
    assertThat(db.rows(schema)).containsOnlyKeys("m-1", "m-3");
    assertThat(db.rows(schema).get("m-1").sqsMessageId()).isEqualTo("sqs-new");
    assertThat(db.rejections(schema).get("m-1")).as("kept as it was").isEqualTo(refused("m-1"));
  }

  @Test
  void aRowAlreadyStoredDoesNotResolveAgain() throws InterruptedException {
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      sink.write(List.of(), List.of(refused("m-1")));
      sink.write(List.of(row("m-1", "sqs-2")), List.of());
      OffsetDateTime first = resolvedAt().get("m-1");
      Thread.sleep(20);

      WriteResult again = sink.write(List.of(row("m-1", "sqs-3")), List.of());

      assertThat(again.alreadyPresent()).containsExactly("m-1");
      assertThat(resolvedAt().get("m-1")).isEqualTo(first);
    }
  }

  @Test
  void resolvesInTheSameTransactionWhenOtherRowsOfTheBatchAreRefused() {
    db.admin().useHandle(h -> h.execute(
        "ALTER TABLE " + schema + ".user_logins ADD CONSTRAINT no_x CHECK (locale <> 'XX')"));
    LoginRow spoiled = new LoginRow("m-9", "m-9", "u", null, null, null, "XX", null, null, LocalDate.of(2026, 1, 1));
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      sink.write(List.of(), List.of(refused("m-1")));

      WriteResult result = sink.write(List.of(row("m-1", "sqs-new"), spoiled), List.of());

      assertThat(result.refused()).extracting(Rejection::messageId).containsExactly("m-9");
    }
    assertThat(resolvedAt().get("m-1")).isNotNull();
    assertThat(resolvedAt().get("m-9")).as("the new rejection is open").isNull();
  }

  @Test
  void aRowRefusedAgainLeavesItsRejectionOpen() {
    db.admin().useHandle(h -> h.execute(
        "ALTER TABLE " + schema + ".user_logins ALTER COLUMN device_type TYPE varchar(8)"));
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      WriteResult first = sink.write(List.of(row("m-1", "m-1")), List.of());
      WriteResult again = sink.write(List.of(row("m-1", "sqs-new")), List.of());

      assertThat(first.refused()).extracting(Rejection::messageId).containsExactly("m-1");
      assertThat(again.refused()).extracting(Rejection::messageId).containsExactly("m-1");
      assertThat(again.alreadyPresent()).containsExactly("m-1");
    }
    assertThat(resolvedAt()).containsEntry("m-1", null);
    assertThat(db.rows(schema)).isEmpty();
  }
}
