package dev.loginetl.postgres.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Erasure of one person among 1,000, across partitions and rejections, on a real PostgreSQL. */
class ErasureIT {
  private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
  /** A stand-in for the keyed hash, which etl-pii makes. */
  private static final UnaryOperator<String> HASH = id -> {
    try {
      return "s1:test:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(("key:" + id).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  };

  @RegisterExtension final TestSchema testSchema = TestSchema.migratedOn(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  @Test
  void erasingOneOfAThousandUsersLeavesNothingOfTheirsAndEveryOtherRowIntact() {
    // Six rows a user over six months: five monthly partitions and the default partition.
    Partitions.ensure(config, PartitionGranularity.MONTH, TODAY.minusMonths(4), TODAY.plusDays(1));
    db.admin().useHandle(h -> {
      h.execute("INSERT INTO " + schema + ".user_logins (message_id, user_id, create_date)"
          + " SELECT 'm-' || u || '-' || k, 'u-' || u, (DATE '" + TODAY + "' - k * 30)"
          + " FROM generate_series(1, 1000) AS u, generate_series(0, 5) AS k");
      h.execute("INSERT INTO " + schema + ".user_logins_rejected (message_id, reason, detail, redacted_body) VALUES"
          + " ('r-bare', 'INVALID_FIELD', 'x', '{\"user_id\":\"u-7\",\"app_version\":\"x\"}'),"
          + " ('r-sns', 'INVALID_FIELD', 'x', '{\"Type\":\"Notification\",\"Message\":\"{\\\"user_id\\\":\\\"u-7\\\"}\"}'),"
          + " ('r-broken', 'NOT_JSON', 'x', 'user_id: u-7, ip: h1:0:x'),"
          + " ('r-other', 'INVALID_FIELD', 'x', '{\"user_id\":\"u-70\"}'),"
          + " ('r-mention', 'INVALID_FIELD', 'x', '{\"user_id\":\"u-8\",\"locale\":\"u-7\"}'),"
          + " ('r-broken-other', 'NOT_JSON', 'x', 'user_id: u-77')");
    });
    String before = fingerprintOfOthers();

    List<ErasureResult> results = Erasure.erase(config, List.of("u-7"), HASH);

    assertThat(results).containsExactly(new ErasureResult(HASH.apply("u-7"), 6, 3, 0));
    assertThat(count("SELECT count(*) FROM " + schema + ".user_logins WHERE user_id = 'u-7'")).isZero();
    assertThat(count("SELECT count(*) FROM " + schema + ".user_logins")).isEqualTo(5994);
    assertThat(count("SELECT count(*) FROM " + schema + ".user_logins_default")).isEqualTo(999);
    assertThat(fingerprintOfOthers()).isEqualTo(before);
    assertThat(rejectionIds()).containsExactlyInAnyOrder("r-other", "r-mention", "r-broken-other");
    assertThat(count("SELECT count(*) FROM " + schema + ".data_lifecycle_audit WHERE action = 'erasure'"
        + " AND subject_hash = '" + HASH.apply("u-7") + "' AND rows_deleted = 6 AND rejections_deleted = 3")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM " + schema + ".data_lifecycle_audit WHERE strpos(data_lifecycle_audit::text,"
        + " 'u-7') > 0")).as("the audit holds no user id").isZero();
  }

  @Test
  void erasingAUserWithoutRowsRecordsZeroAndErasingAgainShowsTheEarlierErasure() {
    List<ErasureResult> none = Erasure.erase(config, List.of("nobody"), HASH);
    db.admin().useHandle(h -> h.execute("INSERT INTO " + schema + ".user_logins (message_id, user_id, create_date)"
        + " VALUES ('m-replayed', 'nobody', DATE '" + TODAY + "')"));
    List<ErasureResult> again = Erasure.erase(config, List.of("nobody", "nobody"), HASH);

    assertThat(none).containsExactly(new ErasureResult(HASH.apply("nobody"), 0, 0, 0));
    assertThat(again).containsExactly(new ErasureResult(HASH.apply("nobody"), 1, 0, 1));
    assertThat(count("SELECT count(*) FROM " + schema + ".data_lifecycle_audit WHERE action = 'erasure'")).isEqualTo(2);
  }

  private String fingerprintOfOthers() {
    return db.admin().withHandle(h -> h.createQuery("SELECT count(*) || ':' || md5(string_agg(message_id || user_id"
            + " || create_date, ',' ORDER BY message_id)) FROM " + schema + ".user_logins WHERE user_id <> 'u-7'")
        .mapTo(String.class).one());
  }

  private long count(String sql) {
    return db.admin().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private List<String> rejectionIds() {
    return db.admin().withHandle(h -> h.createQuery("SELECT message_id FROM " + schema + ".user_logins_rejected")
        .mapTo(String.class).list());
  }
}
