package dev.loginetl.postgres.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conversion of an unpartitioned user_logins of a million rows, on a real PostgreSQL. */
class PartitionConversionIT {
  private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
  private static final int ROWS = 1_000_000;

  @RegisterExtension final TestSchema testSchema = TestSchema.on(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  @Test
  void aMillionRowTableBecomesAPartitionWithNothingLostOrDuplicatedAndTheLoaderWritesIntoIt() {
    // The exercise's table holding a row: migrating leaves it unpartitioned.
    db.admin().useHandle(h -> {
      h.execute("CREATE SCHEMA " + schema);
      h.execute("CREATE TABLE " + schema + ".user_logins (user_id varchar(128), device_type varchar(32),"
          + " masked_ip varchar(256), masked_device_id varchar(256), locale varchar(32), app_version integer,"
          + " create_date date)");
      h.execute("INSERT INTO " + schema + ".user_logins (user_id, create_date) VALUES ('u-undated', NULL)");
    });
    PostgresSchema.migrate(config);
    assertThat(Partitions.isPartitioned(config)).isFalse();
    db.admin().useHandle(h -> h.execute("INSERT INTO " + schema + ".user_logins (message_id, user_id, create_date,"
        + " ip_country) SELECT 'm-' || n, 'u-' || (n % 5000), DATE '" + TODAY + "' - (n % 700), 'NL'"
        + " FROM generate_series(1, " + ROWS + ") AS n"));
    String before = fingerprint();
    List<String> progress = new ArrayList<>();

    boolean converted = PartitionConversion.convert(config, PartitionGranularity.MONTH, TODAY, 2, progress::add);
    boolean again = PartitionConversion.convert(config, PartitionGranularity.MONTH, TODAY, 2, progress::add);

    assertThat(converted).isTrue();
    assertThat(again).isFalse();
    assertThat(Partitions.isPartitioned(config)).isTrue();
    assertThat(fingerprint()).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM " + schema + "." + PartitionConversion.OLD_PARTITION)).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM " + schema + ".user_logins_default")).as("the undated row").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM pg_inherits WHERE inhparent = to_regclass('" + schema
        + ".user_logins')")).as("old table, default, 2027-02..2027-04").isEqualTo(5);

    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      WriteResult result = sink.write(List.of(
          PartitionsIT.row("m-42", TODAY.minusDays(42)),
          PartitionsIT.row("m-new-today", TODAY),
          PartitionsIT.row("m-new-march", LocalDate.parse("2027-03-03"))), List.of());

      assertThat(result.alreadyPresent()).containsExactly("m-42");
    }
    assertThat(count("SELECT count(*) FROM " + schema + ".user_logins")).isEqualTo(ROWS + 3);
    assertThat(count("SELECT count(*) FROM " + schema + ".user_logins_p2027_03")).isEqualTo(1);
    assertThat(count("SELECT count(*) - count(DISTINCT (message_id, create_date)) FROM " + schema
        + ".user_logins WHERE message_id IS NOT NULL")).isZero();
  }

  private String fingerprint() {
    return db.admin().withHandle(h -> h.createQuery("SELECT count(*) || ':' || count(DISTINCT message_id) || ':'"
            + " || md5(string_agg(coalesce(message_id, '-') || user_id || coalesce(create_date::text, '-')"
            + " || coalesce(ip_country, '-'), ',' ORDER BY message_id, user_id)) FROM " + schema + ".user_logins")
        .mapTo(String.class).one());
  }

  private long count(String sql) {
    return db.admin().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
