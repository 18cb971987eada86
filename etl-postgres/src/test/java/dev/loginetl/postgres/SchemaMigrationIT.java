package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.MigrationReport.AppliedMigration;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaMigrationIT {
  /** The exercise's DDL, as its Postgres image creates the table. */
  private static final String EXERCISE_DDL =
      "CREATE TABLE %s.user_logins ("
          + " user_id varchar(128), device_type varchar(32), masked_ip varchar(256),"
          + " masked_device_id varchar(256), locale varchar(32), app_version integer, create_date date)";

  @RegisterExtension final TestSchema testSchema = TestSchema.on(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  @Test
  void theCurrentVersionIsTheNewestMigration() throws Exception {
    // The sources, from the module's directory (Failsafe's working directory): the jar on the
    // class path cannot be listed.
    java.nio.file.Path migrations = java.nio.file.Path.of("src/main/resources/dev/loginetl/postgres/migration");
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(migrations)) {
      int newest = files.map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .max().orElseThrow();

      assertThat(PostgresSchema.CURRENT_VERSION).isEqualTo(String.valueOf(newest));
    }
  }

  @Test
  void createsTheTablesInASchemaThatDoesNotExist() {
    MigrationReport report = PostgresSchema.migrate(config);

    assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("1", "2", "3", "4", "5", "6", "7");
    assertThat(report.versionBefore()).isNull();
    assertThat(report.versionAfter()).isEqualTo("7");
    assertThat(columns("user_logins"))
        .containsExactly(
            tuple("user_id", "character varying(128)", "YES"),
            tuple("device_type", "character varying(32)", "YES"),
            tuple("masked_ip", "character varying(256)", "YES"),
            tuple("masked_device_id", "character varying(256)", "YES"),
            tuple("locale", "character varying(32)", "YES"),
            tuple("app_version", "integer", "YES"),
            tuple("create_date", "date", "YES"),
            tuple("message_id", "text", "YES"),
            tuple("app_version_raw", "character varying(64)", "YES"),
            tuple("sqs_message_id", "text", "YES"),
            tuple("masked_ip_net", "character varying(256)", "YES"),
            tuple("ip_country", "character(2)", "YES"),
            tuple("ip_asn", "bigint", "YES"),
            tuple("ip_asn_org", "character varying(128)", "YES"));
    assertThat(columns("user_logins_rejected"))
        .containsExactly(
            tuple("message_id", "text", "NO"),
            tuple("reason", "character varying(32)", "NO"),
            tuple("detail", "text", "NO"),
            tuple("redacted_body", "text", "NO"),
            tuple("rejected_at", "timestamp with time zone", "NO"),
            tuple("sqs_message_id", "text", "YES"),
            tuple("resolved_at", "timestamp with time zone", "YES"));
    assertThat(columns("pii_reveal_audit"))
        .containsExactly(
            tuple("id", "bigint", "NO"),
            tuple("revealed_at", "timestamp with time zone", "NO"),
            tuple("actor", "text", "NO"),
            tuple("reason", "text", "NO"),
            tuple("value_count", "integer", "NO"),
            tuple("source", "text", "NO"),
            tuple("db_user", "text", "NO"));
    assertThat(comment("user_logins", "sqs_message_id")).startsWith("Id of the SQS message");
    assertThat(comment("user_logins_rejected", "sqs_message_id")).startsWith("Id of the SQS message");
    assertThat(comment("user_logins", "message_id")).startsWith("Idempotency key");
    assertThat(comment("user_logins_rejected", "resolved_at")).startsWith("When a row was stored under this message_id");
    assertThat(constraints())
        .contains(
            "user_logins.user_logins_message_id_create_date_key UNIQUE (message_id, create_date)",
            "user_logins_rejected.user_logins_rejected_pkey PRIMARY KEY (message_id)");
  }

  @Test
  void takesOverTheExercisesTableKeepingItsRows() {
    db.admin().useHandle(h -> {
      h.execute("CREATE SCHEMA " + schema);
      h.execute(EXERCISE_DDL.formatted(schema));
      h.execute("INSERT INTO " + schema + ".user_logins VALUES"
          + " ('u1', 'android', 'mask-ip-1', 'mask-dev-1', 'RU', 230, DATE '2020-01-02'),"
          + " ('u2', NULL, NULL, NULL, NULL, NULL, DATE '2021-03-04')");
    });

    MigrationReport report = PostgresSchema.migrate(config);

    assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("1", "2", "3", "4", "5", "6", "7");
    assertThat(report.versionBefore()).isEqualTo("0");
    assertThat(report.versionAfter()).isEqualTo("7");
    List<List<Object>> rows =
        db.admin().withHandle(h -> h.createQuery(
                "SELECT user_id, device_type, masked_ip, masked_device_id, locale, app_version,"
                    + " create_date, message_id, app_version_raw FROM " + schema + ".user_logins ORDER BY user_id")
            .map((rs, ctx) -> java.util.Arrays.asList(
                rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4), rs.getObject(5),
                rs.getObject(6), rs.getObject(7, LocalDate.class), rs.getObject(8), rs.getObject(9)))
            .list());
    assertThat(rows)
        .containsExactly(
            java.util.Arrays.asList("u1", "android", "mask-ip-1", "mask-dev-1", "RU", 230, LocalDate.of(2020, 1, 2), null, null),
            java.util.Arrays.asList("u2", null, null, null, null, null, LocalDate.of(2021, 3, 4), null, null));
    assertThat(db.count(schema, "user_logins_rejected")).isZero();
  }

  @Test
  void theSinkWritesBesideRowsThatHaveNoMessageId() {
    db.admin().useHandle(h -> {
      h.execute("CREATE SCHEMA " + schema);
      h.execute(EXERCISE_DDL.formatted(schema));
      h.execute("INSERT INTO " + schema + ".user_logins (user_id, create_date) VALUES ('old-1', DATE '2020-01-01'), ('old-2', DATE '2020-01-01')");
    });
    PostgresSchema.migrate(config);
    LoginRow row = new LoginRow("m1", "u1", "ios", null, null, "PT", 1, "0.0.1", LocalDate.of(2026, 1, 1));

    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      WriteResult first = sink.write(List.of(row), List.of());
      WriteResult replay = sink.write(List.of(row), List.of());

      assertThat(first.alreadyPresent()).isEmpty();
      assertThat(replay.alreadyPresent()).containsExactly("m1");
    }
    assertThat(db.count(schema, "user_logins")).isEqualTo(3);
    assertThat(db.rows(schema)).containsExactly(Map.entry("m1", row));
  }

  @Test
  void migratingTwiceAppliesNothingTheSecondTime() {
    PostgresSchema.migrate(config);

    MigrationReport again = PostgresSchema.migrate(config);

    assertThat(again.applied()).isEmpty();
    assertThat(again.versionBefore()).isEqualTo("7");
    assertThat(again.versionAfter()).isEqualTo("7");
    assertThat(successfulVersions()).containsExactly("1", "2", "3", "4", "5", "6", "7");
  }

  @Test
  void aSchemaAtTheCurrentVersionIsLeftAloneWithoutTakingTheMigrationLock() throws Exception {
    PostgresSchema.migrate(config);

    // Another migration holding the lock would make this call wait if it took the lock.
    try (org.jdbi.v3.core.Handle holder = db.admin().open()) {
      holder.createQuery("SELECT pg_advisory_lock(hashtext(:key))")
          .bind("key", "loginetl-migrate:" + schema).mapTo(String.class).one();
      MigrationReport again = CompletableFuture.supplyAsync(() -> PostgresSchema.migrate(config))
          .get(30, TimeUnit.SECONDS);

      assertThat(again.applied()).isEmpty();
      assertThat(again.versionAfter()).isEqualTo(PostgresSchema.CURRENT_VERSION);
    }
  }

  @Test
  void aSchemaWithAFailedMigrationInItsHistoryIsNotCurrentAndFlywaySaysSo() {
    PostgresSchema.migrate(config);
    db.admin().useHandle(h -> h.execute("UPDATE " + schema + ".flyway_schema_history SET success = false"
        + " WHERE version = '" + PostgresSchema.CURRENT_VERSION + "'"));

    assertThatThrownBy(() -> PostgresSchema.migrate(config))
        .isInstanceOf(EtlException.class)
        .hasMessageContaining("migrating schema '" + schema + "'");
  }

  @Test
  void aCurrentSchemaIsCheckedWithoutWaitingForTheMigrationLock() throws Exception {
    PostgresSchema.migrate(config);

    try (Handle holder = holdMigrationLock()) {
      MigrationReport again = CompletableFuture.supplyAsync(() -> PostgresSchema.migrate(config))
          .get(30, TimeUnit.SECONDS);

      assertThat(again.applied()).isEmpty();
      assertThat(again.versionBefore()).isEqualTo(PostgresSchema.CURRENT_VERSION);
      assertThat(again.versionAfter()).isEqualTo(PostgresSchema.CURRENT_VERSION);
    }
    assertThat(successfulVersions()).containsExactly("1", "2", "3", "4", "5", "6", "7");
  }

  @Test
  void aSchemaBehindTheMigrationsWaitsForTheLockThenMigrates() throws Exception {
    PostgresSchema.migrate(config);
    // As if the newest migration had not been applied yet.
    db.admin().useHandle(h -> {
      h.execute("DROP TABLE " + schema + ".data_lifecycle_audit");
      h.execute("DELETE FROM " + schema + ".flyway_schema_history WHERE version = '7'");
    });

    CompletableFuture<MigrationReport> migrating;
    try (Handle holder = holdMigrationLock()) {
      migrating = CompletableFuture.supplyAsync(() -> PostgresSchema.migrate(config));
      assertThatThrownBy(() -> migrating.get(2, TimeUnit.SECONDS))
          .as("migrates only once it holds the lock")
          .isInstanceOf(java.util.concurrent.TimeoutException.class);
    }
    MigrationReport report = migrating.get(30, TimeUnit.SECONDS);

    assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("7");
    assertThat(report.versionBefore()).isEqualTo("6");
    assertThat(db.count(schema, "data_lifecycle_audit")).isZero();
  }

  @Test
  void anEditedMigrationIsStillRefused() {
    PostgresSchema.migrate(config);
    db.admin().useHandle(h ->
        h.execute("UPDATE " + schema + ".flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'"));

    assertThatThrownBy(() -> PostgresSchema.migrate(config))
        .isInstanceOf(EtlException.class)
        .matches(e -> !((EtlException) e).isRetryable(), "is fatal")
        .hasMessageContaining("migrating schema '" + schema + "'");
  }

  @Test
  void twoLoadersMigratingAtOnceApplyEachMigrationOnce() throws Exception {
    db.admin().useHandle(h -> h.execute("CREATE SCHEMA " + schema));
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<MigrationReport>> loaders =
        List.of(1, 2).stream()
            .map(i -> CompletableFuture.supplyAsync(() -> {
              await(start);
              return PostgresSchema.migrate(config);
            }))
            .toList();

    start.countDown();
    List<MigrationReport> reports = loaders.stream().map(CompletableFuture::join).toList();

    assertThat(reports.stream().flatMap(r -> r.applied().stream()).map(AppliedMigration::version))
        .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7");
    assertThat(reports).allSatisfy(r -> assertThat(r.versionAfter()).isEqualTo("7"));
    assertThat(successfulVersions()).containsExactly("1", "2", "3", "4", "5", "6", "7");
  }

  @Test
  void refusesToTakeOverAUserLoginsTableThatIsNotTheExercises() {
    db.admin().useHandle(h -> {
      h.execute("CREATE SCHEMA " + schema);
      h.execute("CREATE TABLE " + schema + ".user_logins (id integer, user_id text)");
    });

    assertThatThrownBy(() -> PostgresSchema.migrate(config))
        .isInstanceOf(EtlException.class)
        .matches(e -> !((EtlException) e).isRetryable(), "is fatal")
        .hasMessageContaining("migrating schema '" + schema + "'");
    assertThat(columnNames("user_logins")).containsExactly("id", "user_id");
  }

  @Test
  void theSinkRefusesToOpenOnASchemaThatIsNotMigrated() {
    db.admin().useHandle(h -> h.execute("CREATE SCHEMA " + schema));

    assertThatThrownBy(() -> PostgresLoginSink.open(config))
        .isInstanceOf(EtlException.class)
        .matches(e -> !((EtlException) e).isRetryable(), "is fatal")
        .hasMessageContaining("schema '" + schema + "'")
        .hasMessageContaining("run the migrations first");
  }

  private List<org.assertj.core.groups.Tuple> columns(String table) {
    return db.admin().withHandle(h -> h.createQuery(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END"
                + " FROM pg_attribute a WHERE a.attrelid = :table::regclass AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")
        .bind("table", schema + "." + table)
        .map((rs, ctx) -> tuple(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list());
  }

  private String comment(String table, String column) {
    return db.admin().withHandle(h -> h.createQuery(
            "SELECT col_description(a.attrelid, a.attnum) FROM pg_attribute a"
                + " WHERE a.attrelid = :table::regclass AND a.attname = :column")
        .bind("table", schema + "." + table)
        .bind("column", column)
        .mapTo(String.class)
        .one());
  }

  private List<String> columnNames(String table) {
    return columns(table).stream().map(t -> (String) t.toList().get(0)).toList();
  }

  private List<String> constraints() {
    return db.admin().withHandle(h -> h.createQuery(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c"
                + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = :schema")
        .bind("schema", schema)
        .map((rs, ctx) -> rs.getString(1).replace(schema + ".", "") + "." + rs.getString(2) + " " + rs.getString(3))
        .list());
  }

  private List<String> successfulVersions() {
    return db.admin().withHandle(h -> h.createQuery(
            "SELECT version FROM " + schema + ".flyway_schema_history"
                + " WHERE success AND type = 'SQL' ORDER BY installed_rank")
        .mapTo(String.class)
        .list());
  }

  /** A session of its own holding the advisory lock that migrations take; closing it releases the lock. */
  private Handle holdMigrationLock() {
    Handle holder = db.admin().open();
    holder.createQuery("SELECT 1 FROM (SELECT pg_advisory_lock(hashtext(:key))) AS locked")
        .bind("key", "loginetl-migrate:" + schema)
        .mapTo(Integer.class)
        .one();
    return holder;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
