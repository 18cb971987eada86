package dev.loginetl.postgres.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The partitioned table as migrated, create-ahead, and the sink writing into it, on a real PostgreSQL. */
class PartitionsIT {
  private static final LocalDate TODAY = LocalDate.parse("2026-12-07");

  @RegisterExtension final TestSchema testSchema = TestSchema.migratedOn(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  @Test
  void aNewSchemaIsPartitionedByCreateDateWithADefaultPartitionAndTheDateInTheUniqueKey() {
    assertThat(Partitions.isPartitioned(config)).isTrue();
    assertThat(partitions()).containsExactly("user_logins_default");
    List<String> unique = db.admin().withHandle(h -> h.createQuery(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(:t) AND contype = 'u'")
        .bind("t", schema + ".user_logins").mapTo(String.class).list());
    assertThat(unique).containsExactly("UNIQUE (message_id, create_date)");
    // The columns the earlier migrations added came along.
    int carried = db.admin().withHandle(h -> h.createQuery("SELECT count(*) FROM information_schema.columns"
            + " WHERE table_schema = :s AND table_name = 'user_logins' AND column_name IN ('ip_asn', 'sqs_message_id')")
        .bind("s", schema).mapTo(Integer.class).one());
    assertThat(carried).isEqualTo(2);
  }

  @Test
  void createAheadMakesTheCurrentAndNextPeriodsOnceAndAgainNothing() {
    List<String> first = Partitions.createAhead(config, PartitionGranularity.MONTH, TODAY, 2);
    List<String> second = Partitions.createAhead(config, PartitionGranularity.MONTH, TODAY, 2);

    assertThat(first).containsExactly("user_logins_p2026_12", "user_logins_p2027_01", "user_logins_p2027_02");
    assertThat(second).isEmpty();
    assertThat(partitions()).containsExactly(
        "user_logins_default", "user_logins_p2026_12", "user_logins_p2027_01", "user_logins_p2027_02");
  }

  @Test
  void aDateWithoutPartitionGoesToTheDefaultAndMovesIntoItsPartitionWhenThatIsMade() {
    Partitions.createAhead(config, PartitionGranularity.MONTH, TODAY, 0);
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      sink.write(List.of(row("m-old", LocalDate.parse("2020-05-17")), row("m-now", TODAY)), List.of());
    }
    assertThat(db.count(schema, "user_logins_default")).isEqualTo(1);

    List<String> made = Partitions.ensure(config, PartitionGranularity.MONTH, LocalDate.parse("2020-05-01"),
        LocalDate.parse("2020-06-01"));

    assertThat(made).containsExactly("user_logins_p2020_05");
    assertThat(db.count(schema, "user_logins_default")).isZero();
    assertThat(db.count(schema, "user_logins_p2020_05")).isEqualTo(1);
    assertThat(db.count(schema, "user_logins_p2026_12")).isEqualTo(1);
  }

  @Test
  void theSameEventDeliveredTwiceWithItsDateIsStoredOnce() {
    Partitions.createAhead(config, PartitionGranularity.MONTH, TODAY, 0);
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      sink.write(List.of(row("m-1", TODAY)), List.of());
      WriteResult again = sink.write(List.of(row("m-1", TODAY), row("m-2", TODAY)), List.of());

      assertThat(again.alreadyPresent()).containsExactly("m-1");
    }
    assertThat(db.count(schema, "user_logins")).isEqualTo(2);
  }

  @Test
  void anotherGranularityLeavesAPeriodThatAnExistingPartitionCoversAlone() {
    Partitions.createAhead(config, PartitionGranularity.MONTH, TODAY, 0);

    List<String> days = Partitions.createAhead(config, PartitionGranularity.DAY, LocalDate.parse("2026-12-31"), 1);

    assertThat(days).containsExactly("user_logins_p2027_01_01");
  }

  static LoginRow row(String messageId, LocalDate date) {
    return new LoginRow(messageId, "user-" + messageId, "android", "h1:00000000:ip", "h1:00000000:dev", "en", 1, "1",
        date);
  }

  private List<String> partitions() {
    return db.admin().withHandle(h -> h.createQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c"
            + " ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(:t) ORDER BY 1")
        .bind("t", schema + ".user_logins").mapTo(String.class).list());
  }
}
