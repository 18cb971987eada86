package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.internal.Endpoint;
import dev.loginetl.postgres.internal.SqlErrors;
import dev.loginetl.postgres.testing.StatementRecorder;
import dev.loginetl.postgres.testing.TestPgBouncer;
import dev.loginetl.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sink, and the migration, through a real PgBouncer in transaction mode, where each
 * transaction may run on another server connection: pool "pooled" has two server connections,
 * "single" one, "roomy" three; each control has a pool of two of its own.
 *
 * <p>The first two tests are controls: they show that this PgBouncer does hand transactions to
 * other server connections, so that what the sink keeps there breaks (a session's temporary table,
 * pgjdbc's named statements). Without them, the tests of the sink could pass through a pooler that
 * pins sessions.
 */
@Tag("tools") // needs a real PgBouncer: the tools tier (-Ptools)
class PgBouncerIT {
  private static final TestPostgres DB = TestPostgres.shared();
  private static final int WRITERS = 4;
  private static final int BATCH_SIZE = 500;
  private static final int BATCHES_PER_WRITER = 8;
  private static final int IDS = 9_000;
  /** The locale of rows a constraint of the test refuses. */
  private static final String REFUSED_LOCALE = "XX";

  private static TestPgBouncer bouncer;
  private final PostgresConfig direct = DB.newSchema();

  @BeforeAll
  static void startPgBouncer() {
    // Each control has a pool of its own: what it leaves on server connections stays there.
    bouncer = TestPgBouncer.start(DB,
        Map.of("pooled", 2, "single", 1, "roomy", 3, "temp_control", 2, "named_control", 2));
  }

  @AfterAll
  static void stopPgBouncer() {
    if (bouncer != null) {
      bouncer.close();
    }
  }

  @AfterEach
  void dropSchema() {
    DB.dropSchema(direct.schema());
  }

  /** {@code config}'s schema and login, reached through the pool {@code database} of PgBouncer. */
  static PostgresConfig through(TestPgBouncer bouncer, String database, PostgresConfig config) {
    return new PostgresConfig(bouncer.jdbcUrl(database), config.user(), config.password(), config.poolSize(),
        config.schema(), config.connectionTimeout());
  }

  @Test
  void controlATemporaryTableIsGoneWhenTheNextTransactionRunsOnAnotherServerConnection() throws Exception {
    try (Connection client = plainClient("temp_control", false);
        Connection other = plainClient("temp_control", false)) {
      int server;
      client.setAutoCommit(false);
      try (Statement statement = client.createStatement()) {
        statement.execute("CREATE TEMPORARY TABLE staging (x int)");
        server = backendPid(client);
      }
      client.commit();
      client.setAutoCommit(true);
      try (AutoCloseable held = occupy(other, server)) {
        assertThatThrownBy(() -> client.createStatement().executeQuery("SELECT count(*) FROM pg_temp.staging"))
            .isInstanceOfSatisfying(SQLException.class, e -> {
              assertThat(e.getSQLState()).isIn("42P01", "3F000");
              assertThat(SqlErrors.translate(e, new SqlErrors.Context(Endpoint.of(DB.jdbcUrl()), "u", "s"), "writing"))
                  .hasMessageContaining("a connection pooler in transaction mode")
                  .hasMessageNotContaining("run the migrations");
            });
      }
    }
  }

  @Test
  void controlPgjdbcsNamedStatementIsUnknownOnAnotherServerConnection() throws Exception {
    try (Connection client = plainClient("named_control", true);
        Connection other = plainClient("named_control", false)) {
      // pgjdbc's default prepareThreshold (5): from the fifth run on, it uses the named statement.
      client.setAutoCommit(false);
      for (int run = 0; run < 6; run++) {
        query(client, "SELECT 'same statement', ?::int");
      }
      int server = backendPid(client);
      client.commit();
      try (AutoCloseable held = occupy(other, server)) {
        // In a transaction, as the sink writes: in autocommit, pgjdbc prepares again and retries.
        assertThatThrownBy(() -> query(client, "SELECT 'same statement', ?::int"))
            .isInstanceOfSatisfying(SQLException.class, e -> {
              assertThat(e.getSQLState()).isEqualTo("26000");
              // What the sink would report, had it used named statements: the pooler, not the schema.
              assertThat(SqlErrors.translate(e, new SqlErrors.Context(Endpoint.of(DB.jdbcUrl()), "u", "s"), "writing"))
                  .hasMessageContaining("a connection pooler in transaction mode")
                  .hasMessageNotContaining("run the migrations");
            });
      }
    }
  }

  @Test
  void fourWritersThroughTwoServerConnectionsStoreEveryMessageExactlyOnce() {
    PostgresSchema.migrate(direct);
    DB.admin().useHandle(h -> h.execute("ALTER TABLE \"" + direct.schema() + "\".user_logins"
        + " ADD CONSTRAINT locale_known CHECK (locale IS DISTINCT FROM '" + REFUSED_LOCALE + "')"));
    // Overlapping batches, as redeliveries and competing consumers make them; a few rows refused by
    // the constraint (found under savepoints, in about a third of the batches), and some rejections.
    Random random = new Random(7);
    List<List<Integer>> batches = new ArrayList<>();
    for (int b = 0; b < WRITERS * BATCHES_PER_WRITER; b++) {
      List<Integer> ids = new ArrayList<>(IntStream.range(0, IDS).boxed().toList());
      Collections.shuffle(ids, random);
      batches.add(ids.subList(0, BATCH_SIZE));
    }
    Set<Integer> written = new HashSet<>();
    batches.forEach(written::addAll);

    List<WriteResult> results;
    try (PostgresLoginSink sink = PostgresLoginSink.open(through(bouncer, "pooled", direct).withPoolSize(WRITERS))) {
      List<CompletableFuture<List<WriteResult>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        List<List<Integer>> mine = batches.subList(w * BATCHES_PER_WRITER, (w + 1) * BATCHES_PER_WRITER);
        writers.add(CompletableFuture.supplyAsync(() -> mine.stream().map(ids -> write(sink, ids)).toList()));
      }
      results = writers.stream().flatMap(w -> w.join().stream()).toList();
    }

    Set<String> expectedRows = new HashSet<>();
    Set<String> expectedRejections = new HashSet<>();
    Set<String> expectedRefused = new HashSet<>();
    for (int id : written) {
      if (isRejection(id)) {
        expectedRejections.add(messageId(id));
      } else if (isRefused(id)) {
        expectedRefused.add(messageId(id));
      } else {
        expectedRows.add(messageId(id));
      }
    }
    Map<String, Rejection> rejections = DB.rejections(direct.schema());
    assertThat(DB.rows(direct.schema()).keySet()).isEqualTo(expectedRows);
    assertThat(DB.count(direct.schema(), "user_logins")).isEqualTo(expectedRows.size());
    assertThat(rejections.keySet()).containsAll(expectedRejections).containsAll(expectedRefused)
        .hasSize(expectedRejections.size() + expectedRefused.size());
    assertThat(expectedRefused).isNotEmpty()
        .allSatisfy(id -> assertThat(rejections.get(id).reason()).isEqualTo(RejectReason.REFUSED_BY_DATABASE));
    long reportedNew = results.stream().mapToLong(r -> BATCH_SIZE - r.alreadyPresent().size()).sum();
    assertThat(reportedNew).isEqualTo(written.size());
  }

  @Test
  void theSinkLeavesNoSessionStateOnTheServerConnectionItUsed() throws Exception {
    PostgresSchema.migrate(direct);
    DB.admin().useHandle(h -> h.execute("ALTER TABLE \"" + direct.schema() + "\".user_logins"
        + " ADD CONSTRAINT locale_known CHECK (locale IS DISTINCT FROM '" + REFUSED_LOCALE + "')"));
    List<Integer> written = new ArrayList<>();
    OffsetDateTime opened;
    // RDS Proxy pins a session on the text of a statement (any SET), whatever it leaves behind: the
    // recorder reads every statement the sink sends.
    PostgresConfig single = through(bouncer, "single", direct);
    try (StatementRecorder recorder = StatementRecorder.start("127.0.0.1", bouncer.port());
        PostgresLoginSink sink = PostgresLoginSink.open(new PostgresConfig(
            "jdbc:postgresql://127.0.0.1:" + recorder.port() + "/single?sslmode=disable", single.user(),
            single.password(), 2, single.schema(), single.connectionTimeout()))) {
      opened = OffsetDateTime.now();
      // More batches than pgjdbc's default prepareThreshold, on both connections of the sink's
      // pool, one of them with a refused row (savepoints), all on the one server connection.
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        List<Integer> mine = IntStream.range(w * 3_000, w * 3_000 + 6 * 400).boxed().toList();
        written.addAll(mine);
        writers.add(CompletableFuture.runAsync(() -> {
          for (int b = 0; b < 6; b++) {
            write(sink, mine.subList(b * 400, (b + 1) * 400));
          }
        }));
      }
      writers.forEach(CompletableFuture::join);

      List<String> statements = recorder.statements();
      assertThat(statements).as("the isolating path ran").anyMatch(sql -> sql.startsWith("SAVEPOINT"));
      assertThat(statements.stream()
          .filter(sql -> sql.strip().toUpperCase(Locale.ROOT).matches("(?s)(SET|RESET|DISCARD)\\b.*")).toList())
          .as("statements that set session or transaction state").isEmpty();
    }

    try (Connection probe = plainClient("single", false); Statement statement = probe.createStatement()) {
      // The pool has one server connection, opened for the sink: the probe lands on it.
      try (ResultSet started = statement.executeQuery(
          "SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
        started.next();
        assertThat(started.getObject(1, OffsetDateTime.class)).isBefore(opened);
      }
      assertThat(count(statement, "SELECT count(*) FROM pg_prepared_statements")).as("prepared statements").isZero();
      assertThat(count(statement, "SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()"))
          .as("temporary tables").isZero();
      // The unnamed portal, '', is the probe's own query.
      assertThat(count(statement, "SELECT count(*) FROM pg_cursors WHERE name <> ''")).as("open cursors").isZero();
      assertThat(count(statement,
          "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"))
          .as("advisory locks").isZero();
      // What a session sets itself, apart from what PgBouncer sets for each client it serves.
      assertThat(strings(statement, "SELECT name FROM pg_settings WHERE source = 'session' AND name NOT IN"
          + " ('application_name', 'client_encoding', 'DateStyle', 'TimeZone', 'standard_conforming_strings')"))
          .as("session settings").isEmpty();
    }
    assertThat(DB.count(direct.schema(), "user_logins"))
        .isEqualTo(written.stream().filter(id -> !isRejection(id) && !isRefused(id)).count());
  }

  @Test
  void migratingThroughThePoolerAppliesOnceAndLeavesNoLockBehind() throws Exception {
    PostgresConfig roomy = through(bouncer, "roomy", direct);

    MigrationReport first = PostgresSchema.migrate(roomy);
    MigrationReport second = PostgresSchema.migrate(through(bouncer, "single", direct));

    assertThat(first.applied()).isNotEmpty();
    assertThat(first.versionAfter()).isEqualTo(PostgresSchema.CURRENT_VERSION);
    assertThat(second.applied()).isEmpty();
    try (Connection admin = DriverManager.getConnection(DB.jdbcUrl(), DB.user(), DB.password());
        Statement statement = admin.createStatement()) {
      assertThat(count(statement, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
          + " AND objid = hashtext('loginetl-migrate:" + direct.schema() + "')::oid"))
          .as("migration locks held").isZero();
    }
  }

  @Test
  void createAheadRetentionAndErasureRunThroughOneServerConnectionInTransactionMode() throws Exception {
    PostgresSchema.migrate(direct);
    PostgresConfig single = through(bouncer, "single", direct);
    LocalDate today = LocalDate.of(2026, 12, 7);

    List<String> made = dev.loginetl.postgres.lifecycle.Partitions.createAhead(
        single, dev.loginetl.postgres.lifecycle.PartitionGranularity.MONTH, today, 1);
    List<String> again = dev.loginetl.postgres.lifecycle.Partitions.ensure(
        single, dev.loginetl.postgres.lifecycle.PartitionGranularity.MONTH, LocalDate.of(2026, 6, 1), today);
    try (PostgresLoginSink sink = PostgresLoginSink.open(single)) {
      sink.write(List.of(
          new LoginRow("m-june", "u-1", "ios", null, null, "EN", 1, "1", LocalDate.of(2026, 6, 10)),
          new LoginRow("m-now", "u-2", "ios", null, null, "EN", 1, "1", today)), List.of());
    }
    dev.loginetl.postgres.lifecycle.RetentionPlan retained =
        dev.loginetl.postgres.lifecycle.Retention.apply(single, LocalDate.of(2026, 7, 1), step -> {});
    List<dev.loginetl.postgres.lifecycle.ErasureResult> erased =
        dev.loginetl.postgres.lifecycle.Erasure.erase(single, List.of("u-2"), id -> "s1:test:" + id.length());

    assertThat(made).containsExactly("user_logins_p2026_12", "user_logins_p2027_01");
    assertThat(again).hasSize(6);
    assertThat(retained.partitionsDropped()).containsExactly("user_logins_p2026_06");
    assertThat(retained.rows()).isEqualTo(1);
    assertThat(erased.get(0).rows()).isEqualTo(1);
    assertThat(DB.count(direct.schema(), "user_logins")).isZero();
    try (Connection admin = DriverManager.getConnection(DB.jdbcUrl(), DB.user(), DB.password());
        Statement statement = admin.createStatement()) {
      assertThat(count(statement, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
          + " AND objid = hashtext('loginetl-partitions:" + direct.schema() + "')::oid"))
          .as("partition locks held").isZero();
    }
  }

  private static WriteResult write(PostgresLoginSink sink, List<Integer> ids) {
    List<LoginRow> rows = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    for (int id : ids) {
      if (isRejection(id)) {
        rejections.add(new Rejection(messageId(id), RejectReason.MISSING_FIELD, "field 'user_id' is missing",
            "{\"n\":" + id + "}"));
      } else {
        rows.add(new LoginRow(messageId(id), "user-" + id, "ios", "h1:ip-" + id, "h1:device-" + id,
            isRefused(id) ? REFUSED_LOCALE : "EN", id, String.valueOf(id), LocalDate.of(2026, 1, 1).plusDays(id % 300)));
      }
    }
    return sink.write(rows, rejections);
  }

  private static String messageId(int id) {
    return "m-" + id;
  }

  private static boolean isRejection(int id) {
    return id % 50 == 7;
  }

  private static boolean isRefused(int id) {
    return id % 1_500 == 3;
  }

  /**
   * A pgjdbc connection through PgBouncer, in autocommit: with the driver's default prepareThreshold
   * (5) when {@code named}, else with unnamed statements only, so that it leaves none behind.
   */
  private Connection plainClient(String database, boolean named) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", DB.user());
    login.setProperty("password", DB.password());
    if (!named) {
      login.setProperty("prepareThreshold", "0");
    }
    return DriverManager.getConnection(bouncer.jdbcUrl(database), login);
  }

  /**
   * Opens a transaction on {@code client} that holds the server connection {@code server}, so that
   * the next transaction of any other client runs elsewhere. PgBouncer hands out the server
   * connection used last first; a few tries are allowed.
   */
  private static AutoCloseable occupy(Connection client, int server) throws SQLException {
    client.setAutoCommit(false);
    for (int attempt = 0; attempt < 20; attempt++) {
      if (backendPid(client) == server) {
        return client::rollback;
      }
      client.rollback();
    }
    throw new AssertionError("PgBouncer never handed out server connection " + server + " again");
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
      pid.next();
      return pid.getInt(1);
    }
  }

  private static void query(Connection connection, String sql) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      statement.setInt(1, 1);
      statement.executeQuery().close();
    }
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static List<String> strings(Statement statement, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        values.add(result.getString(1));
      }
    }
    return values;
  }
}
