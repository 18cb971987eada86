package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows the database refuses become REFUSED_BY_DATABASE rejections; the rest of the batch commits. */
class RefusedRowIsolationIT {
  /** A value that only the offending rows hold, and that must never appear in a rejection's detail. */
  private static final String SECRET = "zz-secret-value";

  @RegisterExtension final TestSchema testSchema = TestSchema.migratedOn(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  /**
   * A constraint an operator might add, a row that breaks it, and the detail expected: SQLSTATE,
   * condition name and the object it names, as a regular expression.
   */
  record Refusal(String name, String setupSql, UnaryOperator<LoginRow> spoil, String detail) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
            new Refusal(
                "check constraint",
                "ALTER TABLE %s.user_logins ADD CONSTRAINT locale_known CHECK (locale <> '" + SECRET + "')",
                r -> with(r, SECRET, r.appVersion(), r.createDate()),
                exactly("SQLSTATE 23514 (check_violation) on constraint \"locale_known\"")),
            new Refusal(
                "not-null constraint",
                "ALTER TABLE %s.user_logins ALTER COLUMN locale SET NOT NULL",
                r -> with(r, null, r.appVersion(), r.createDate()),
                exactly("SQLSTATE 23502 (not_null_violation) in column \"locale\"")),
            new Refusal(
                "narrowed column",
                "ALTER TABLE %s.user_logins ALTER COLUMN locale TYPE varchar(8)",
                r -> with(r, SECRET, r.appVersion(), r.createDate()),
                exactly("SQLSTATE 22001 (string_data_right_truncation)")),
            new Refusal(
                "trigger raising an exception",
                "CREATE FUNCTION %1$s.no_secret() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN IF NEW.locale = '" + SECRET + "' THEN RAISE EXCEPTION 'no: %%', NEW.locale; END IF;"
                    + " RETURN NEW; END $$;"
                    + " CREATE TRIGGER no_secret BEFORE INSERT ON %1$s.user_logins"
                    + " FOR EACH ROW EXECUTE FUNCTION %1$s.no_secret()",
                r -> with(r, SECRET, r.appVersion(), r.createDate()),
                exactly("SQLSTATE P0001 (raise_exception)")),
            new Refusal(
                "deferred unique constraint, checked at commit",
                "ALTER TABLE %s.user_logins ADD CONSTRAINT one_login_per_user_and_day"
                    + " UNIQUE (user_id, create_date) DEFERRABLE INITIALLY DEFERRED",
                r -> new LoginRow(r.messageId(), r.sqsMessageId(), "same-user", r.deviceType(), r.maskedIp(),
                    r.maskedDeviceId(), SECRET, r.appVersion(), r.appVersionRaw(), LocalDate.of(2001, 1, 1)),
                // On a partitioned table PostgreSQL names the partition's copy of the constraint.
                "\\QPostgreSQL refused the row: SQLSTATE 23505 (unique_violation) on constraint \"\\E"
                    + "(one_login_per_user_and_day|user_logins_default_user_id_create_date_key)\""),
            new Refusal(
                "date PostgreSQL cannot hold, refused when the array is read",
                "SELECT 1",
                r -> with(r, SECRET, r.appVersion(), LocalDate.of(10_000, 1, 1)),
                // Which data exception depends on how the server reads "+10000-01-01".
                "PostgreSQL refused the row: SQLSTATE 22[0-9A-Z]{3} \\([a-z_]+\\)"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void storesRefusedRowsAsRejectionsAndCommitsTheRest(Refusal refusal) {
    db.admin().useHandle(h -> h.execute(refusal.setupSql().formatted(schema)));
    Set<Integer> offending = Set.of(3, 17, 18);
    List<LoginRow> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      LoginRow row = row("m" + i);
      rows.add(offending.contains(i) ? refusal.spoil().apply(row) : row);
    }
    // The deferred unique constraint lets one of the three "same-user" rows in: the first in id order.
    boolean firstOneFits = refusal.name().startsWith("deferred");
    Set<String> expectedRefused = firstOneFits ? Set.of("m18", "m3") : Set.of("m17", "m18", "m3");
    Rejection given = new Rejection("given", RejectReason.MISSING_FIELD, "field 'user_id' is missing or null", "{}");

    WriteResult result;
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      result = sink.write(rows, List.of(given));
    }

    assertThat(result.alreadyPresent()).isEmpty();
    assertThat(result.refused()).extracting(Rejection::messageId).containsExactlyInAnyOrderElementsOf(expectedRefused);
    assertThat(db.rows(schema)).hasSize(40 - expectedRefused.size()).doesNotContainKeys(expectedRefused.toArray(String[]::new));
    assertThat(db.rejections(schema)).containsOnlyKeys(union(expectedRefused, Set.of("given")));
    assertThat(db.rejections(schema).get("given")).isEqualTo(given);
    for (Rejection refused : result.refused()) {
      assertThat(db.rejections(schema).get(refused.messageId())).isEqualTo(refused);
      assertThat(refused.reason()).isEqualTo(RejectReason.REFUSED_BY_DATABASE);
      assertThat(refused.sqsMessageId()).as("the refused row's SQS message id").isEqualTo("sqs-" + refused.messageId());
      assertThat(refused.detail()).matches(refusal.detail()).doesNotContain(SECRET);
      assertThat(refused.redactedBody())
          .startsWith("{\"user_id\":")
          .contains("\"ip\":\"h1:mask-ip-" + refused.messageId() + "\"")
          .matches("\\p{ASCII}*");
    }
  }

  @Test
  void aReplayOfABatchWithRefusedRowsStoresNothingNewAndReportsTheRowRefusedAgain() {
    db.admin().useHandle(h -> h.execute(
        "ALTER TABLE " + schema + ".user_logins ADD CONSTRAINT locale_known CHECK (locale <> '" + SECRET + "')"));
    List<LoginRow> rows = List.of(row("a"), with(row("b"), SECRET, 1, LocalDate.of(2020, 1, 1)), row("c"));
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      WriteResult first = sink.write(rows, List.of());

      WriteResult replay = sink.write(rows, List.of());

      assertThat(first.refused()).extracting(Rejection::messageId).containsExactly("b");
      assertThat(first.alreadyPresent()).isEmpty();
      // Refused again: reported as refused, so that its message is forwarded again, and as present.
      assertThat(replay.refused()).extracting(Rejection::messageId).containsExactly("b");
      assertThat(replay.alreadyPresent()).containsExactlyInAnyOrder("a", "b", "c");
    }
    assertThat(db.rows(schema)).containsOnlyKeys("a", "c");
    assertThat(db.rejections(schema)).containsOnlyKeys("b");
  }

  @Test
  void aStoredRowReplayedAfterAConstraintWasAddedIsAlreadyPresentNotRefused() {
    List<LoginRow> rows = List.of(row("a"), with(row("b"), SECRET, 1, LocalDate.of(2020, 1, 1)));
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      sink.write(rows, List.of());
      db.admin().useHandle(h -> h.execute("ALTER TABLE " + schema
          + ".user_logins ADD CONSTRAINT locale_known CHECK (locale <> '" + SECRET + "') NOT VALID"));

      WriteResult replay = sink.write(rows, List.of());

      assertThat(replay.alreadyPresent()).containsExactlyInAnyOrder("a", "b");
      assertThat(replay.refused()).isEmpty();
    }
    assertThat(db.rows(schema)).containsOnlyKeys("a", "b");
    assertThat(db.rejections(schema)).isEmpty();
  }

  @Test
  void aRefusedRowWhoseRejectionTheCallerAlsoGaveIsStoredOnce() {
    db.admin().useHandle(h -> h.execute(
        "ALTER TABLE " + schema + ".user_logins ADD CONSTRAINT locale_known CHECK (locale <> '" + SECRET + "')"));
    Rejection alsoGiven = new Rejection("b", RejectReason.TOO_LONG, "field 'locale' is too long", "{}");
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      WriteResult result = sink.write(List.of(with(row("b"), SECRET, 1, LocalDate.of(2020, 1, 1))), List.of(alsoGiven));

      assertThat(result.refused()).extracting(Rejection::messageId).containsExactly("b");
      assertThat(result.alreadyPresent()).containsExactly("b");
    }
    assertThat(db.rejections(schema).get("b").reason()).isEqualTo(RejectReason.REFUSED_BY_DATABASE);
  }

  @Test
  void everyRowOfABatchCanBeRefused() {
    db.admin().useHandle(h -> h.execute(
        "ALTER TABLE " + schema + ".user_logins ADD CONSTRAINT nothing_goes CHECK (user_id IS NULL)"));
    List<LoginRow> rows = IntStream.range(0, 25).mapToObj(i -> row("all" + i)).toList();
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      WriteResult result = sink.write(rows, List.of());

      assertThat(result.refused()).hasSize(25);
    }
    assertThat(db.rows(schema)).isEmpty();
    assertThat(db.rejections(schema)).hasSize(25);
  }

  @Test
  void aRejectionTheDatabaseRefusesFailsTheWholeBatch() {
    db.admin().useHandle(h -> h.execute(
        "ALTER TABLE " + schema + ".user_logins_rejected ADD CONSTRAINT short_details CHECK (length(detail) < 20)"));
    Rejection tooWordy = new Rejection("r", RejectReason.WRONG_TYPE, "field 'app_version' must be a JSON string", "{}");
    try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
      assertThatThrownBy(() -> sink.write(List.of(row("a")), List.of(tooWordy)))
          .isInstanceOf(EtlException.class)
          .matches(e -> !((EtlException) e).isRetryable(), "is fatal")
          .hasMessageContaining("message r")
          .hasMessageContaining("23514 (check_violation)")
          .satisfies(e -> {
            // pgjdbc would quote the failing row in its DETAIL line; the sink turns that off.
            for (Throwable t = e; t != null; t = t.getCause()) {
              assertThat(String.valueOf(t.getMessage())).doesNotContain("must be a JSON string");
            }
          });
    }
    assertThat(db.rows(schema)).isEmpty();
    assertThat(db.rejections(schema)).isEmpty();
  }

  private static String exactly(String reason) {
    return java.util.regex.Pattern.quote("PostgreSQL refused the row: " + reason);
  }

  private static LoginRow row(String id) {
    return new LoginRow(id, "sqs-" + id, "user-" + id, "android", "h1:mask-ip-" + id, "h1:mask-dev-" + id, "RU",
        2_003_000, "2.3.0", LocalDate.of(2026, 11, 21));
  }

  private static LoginRow with(LoginRow r, String locale, Integer appVersion, LocalDate date) {
    return new LoginRow(r.messageId(), r.sqsMessageId(), r.userId(), r.deviceType(), r.maskedIp(), r.maskedDeviceId(),
        locale, appVersion, r.appVersionRaw(), date);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }
}
