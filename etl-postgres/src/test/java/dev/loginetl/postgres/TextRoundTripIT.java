package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.postgres.testing.TestPostgres;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever text a row or rejection holds (tabs, newlines, backslashes, quotes, braces, commas,
 * "NULL", "\N", any plane of Unicode) comes back from PostgreSQL exactly as written through the
 * sink's array parameters, and SQL NULL stays distinct from every string. A jqwik property against
 * the real database.
 */
class TextRoundTripIT {
  private static final TestPostgres DB = TestPostgres.shared();
  private static final AtomicInteger TRY = new AtomicInteger();
  private static PostgresConfig config;
  private static PostgresLoginSink sink;

  @BeforeContainer
  static void openSink() {
    config = DB.newSchema();
    PostgresSchema.migrate(config);
    sink = PostgresLoginSink.open(config);
  }

  @AfterContainer
  static void closeSink() {
    sink.close();
    DB.dropSchema(config.schema());
  }

  @Property(tries = 150)
  void rowsAndRejectionsComeBackExactlyAsWritten(
      @ForAll @Size(min = 1, max = 8) List<@From("rows") LoginRow> generated,
      @ForAll @Size(max = 4) List<@From("rejections") Rejection> generatedRejections) {
    String prefix = "t" + TRY.incrementAndGet() + "-";
    List<LoginRow> rows = generated.stream().map(r -> withId(r, prefix + r.messageId())).toList();
    List<Rejection> rejections = generatedRejections.stream()
        .map(r -> new Rejection(prefix + r.messageId(), r.reason(), r.detail(), r.redactedBody()))
        .toList();
    Map<String, LoginRow> byId = rows.stream().collect(Collectors.toMap(LoginRow::messageId, Function.identity(), (a, b) -> a));
    Map<String, Rejection> rejectionsById =
        rejections.stream().collect(Collectors.toMap(Rejection::messageId, Function.identity(), (a, b) -> a));

    sink.write(rows, rejections);

    Map<String, LoginRow> stored = DB.rows(config.schema());
    Map<String, Rejection> storedRejections = DB.rejections(config.schema());
    byId.forEach((id, row) -> assertThat(stored.get(id)).isEqualTo(row));
    rejectionsById.forEach((id, rejection) -> assertThat(storedRejections.get(id)).isEqualTo(rejection));
  }

  @Example
  void trickyValuesComeBackExactly() {
    List<String> tricky = List.of("\\N", "\\.", "\\", "\t", "\n", "\r\n", "a\\tb", "\"quoted\"", "'single'",
        ",;|", "", " ", "NULL", "\\\\N", "\u00e9\u4e2d\ud83d\ude00", "\u2028\u0085\ufeff", "\u0001\u001f\u007f",
        "{", "}", "{a,b}", "{\"x\"}", "null", " padded ", "a,b", "\\\"", "ARRAY[1]", "$1", "?");
    List<LoginRow> rows = new java.util.ArrayList<>();
    for (int i = 0; i < tricky.size(); i++) {
      String value = tricky.get(i);
      rows.add(new LoginRow("tricky-" + i + value, value + "u", value, value, value, value, -i, value,
          LocalDate.of(1, 1, 1).plusYears(i * 300L)));
    }

    sink.write(rows, List.of());

    Map<String, LoginRow> stored = DB.rows(config.schema());
    rows.forEach(row -> assertThat(stored.get(row.messageId())).isEqualTo(row));
  }

  @Example
  void rejectionsTooLargeForOneStatementAllArriveAndAReplayFindsThemAllStored() {
    // 24 bodies of 200,000 characters: several statements' worth (LoginWriter.STATEMENT_CHARS).
    List<Rejection> large = new java.util.ArrayList<>();
    for (int i = 0; i < 24; i++) {
      large.add(new Rejection("large-" + i, RejectReason.NOT_JSON, "detail " + i,
          String.valueOf((char) ('a' + i)).repeat(200_000)));
    }

    dev.loginetl.core.port.WriteResult first = sink.write(List.of(), large);
    dev.loginetl.core.port.WriteResult replay = sink.write(List.of(), large);

    Map<String, Rejection> stored = DB.rejections(config.schema());
    large.forEach(rejection -> assertThat(stored.get(rejection.messageId())).isEqualTo(rejection));
    assertThat(first.alreadyPresent()).isEmpty();
    assertThat(replay.alreadyPresent()).hasSize(large.size());
  }

  @Provide
  Arbitrary<LoginRow> rows() {
    // Combinators take at most eight arbitraries: the date joins in a second step.
    Arbitrary<Function<LocalDate, LoginRow>> withoutDate =
        Combinators.combine(
                text(12).filter(s -> !s.isEmpty()),
                text(128).filter(s -> !s.isEmpty()),
                text(32).injectNull(0.3),
                text(256).injectNull(0.3),
                text(256).injectNull(0.3),
                text(32).injectNull(0.3),
                Arbitraries.integers().injectNull(0.3),
                text(64).injectNull(0.3))
            .as((id, user, type, ip, device, locale, version, raw) ->
                date -> new LoginRow(id, user, type, ip, device, locale, version, raw, date));
    Arbitrary<LocalDate> dates =
        Arbitraries.integers().between(1, 9999).flatMap(y ->
            Arbitraries.integers().between(1, 365).map(d -> LocalDate.ofYearDay(y, d)));
    return Combinators.combine(withoutDate, dates).as(Function::apply);
  }

  @Provide
  Arbitrary<Rejection> rejections() {
    return Combinators.combine(
            text(12).filter(s -> !s.isEmpty()),
            Arbitraries.of(RejectReason.class),
            text(100),
            text(200))
        .as(Rejection::new);
  }

  /** Strings of up to {@code maxCodePoints} code points, weighted towards what needs escaping. */
  private static Arbitrary<String> text(int maxCodePoints) {
    Arbitrary<Integer> special = Arbitraries.of((int) '\\', (int) '\t', (int) '\n', (int) '\r', (int) 'N', (int) '.',
        (int) '"', (int) '\'', (int) ',', (int) ' ', (int) '{', (int) '}', (int) 'U', (int) 'L', 0x7f, 0x01, 0x85,
        0x2028, 0xfeff);
    Arbitrary<Integer> ascii = Arbitraries.integers().between(0x20, 0x7e);
    Arbitrary<Integer> bmp = Arbitraries.integers().between(0x01, 0xffff).filter(c -> c < 0xd800 || c > 0xdfff);
    Arbitrary<Integer> astral = Arbitraries.integers().between(0x10000, 0x10ffff);
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, special), net.jqwik.api.Tuple.of(4, ascii),
        net.jqwik.api.Tuple.of(2, bmp), net.jqwik.api.Tuple.of(1, astral));
    return codePoint.list().ofMaxSize(Math.min(maxCodePoints, 24))
        .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
  }

  private static LoginRow withId(LoginRow r, String id) {
    return new LoginRow(id, r.userId(), r.deviceType(), r.maskedIp(), r.maskedDeviceId(), r.locale(), r.appVersion(),
        r.appVersionRaw(), r.createDate());
  }
}
