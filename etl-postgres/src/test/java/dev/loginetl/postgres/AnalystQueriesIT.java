package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The queries of docs/analytics.md, read from that file and run as written against a table the sink
 * loaded with logins whose answers are known.
 */
class AnalystQueriesIT {
  private static final Path GUIDE = Path.of("..", "docs", "analytics.md");
  private static final LocalDate DAY_1 = LocalDate.of(2026, 11, 20);
  private static final LocalDate DAY_2 = LocalDate.of(2026, 11, 21);

  @RegisterExtension final TestSchema testSchema = TestSchema.migratedOn(TestPostgres.shared());

  private static LoginRow row(String id, String user, String device, String net, String country, Long asn,
      LocalDate day) {
    return new LoginRow(id, id, user, "ios", "h1:k:ip-" + id, device, "EN", null, null, day, net, country, asn,
        asn == null ? null : "AS" + asn + " Example");
  }

  @Test
  void theGuidesQueriesGiveTheirAnswersOnALoadedTable() throws Exception {
    try (PostgresLoginSink sink = PostgresLoginSink.open(testSchema.config())) {
      sink.write(List.of(
          row("m1", "alice", "h1:k:dev-1", "h1:k:net-a", "NL", 1103L, DAY_1),
          row("m2", "bob", "h1:k:dev-1", "h1:k:net-a", "NL", 1103L, DAY_1),
          row("m3", "carol", "h1:k:dev-2", "h1:k:net-b", "US", 15169L, DAY_1),
          row("m4", "alice", "h1:k:dev-1", "h1:k:net-c", "DE", 3320L, DAY_2),
          row("m5", "dave", null, null, null, null, DAY_2),
          row("m6", "erin", null, "h1:k:net-c", "DE", 3320L, DAY_2)), List.of());
    }
    Jdbi jdbi = Jdbi.create(testSchema.db().jdbcUrl(), testSchema.db().user(), testSchema.db().password());
    String search = "SET search_path TO \"" + testSchema.name() + "\"";

    assertThat(run(jdbi, search, "duplicates-by-device")).containsExactly("h1:k:dev-1|2|3");
    assertThat(run(jdbi, search, "accounts-per-network"))
        .containsExactly("h1:k:net-a|2|2|AS1103 Example", "h1:k:net-c|2|2|AS3320 Example",
            "h1:k:net-b|1|1|AS15169 Example");
    assertThat(run(jdbi, search, "logins-per-country-per-day"))
        .containsExactly("2026-11-20|NL|2", "2026-11-20|US|1", "2026-11-21|DE|2", "2026-11-21|??|1");
    assertThat(run(jdbi, search, "users-in-several-countries")).containsExactly("alice|2|DE,NL|2026-11-21");
  }

  /** The rows of the guide's query {@code name}, each as its columns joined by {@code |}. */
  private static List<String> run(Jdbi jdbi, String searchPath, String name) throws IOException {
    String sql = query(name);
    return jdbi.withHandle(handle -> {
      handle.execute(searchPath);
      return handle.createQuery(sql).map((rs, ctx) -> {
        StringBuilder line = new StringBuilder();
        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
          line.append(c == 1 ? "" : "|").append(rs.getString(c));
        }
        return line.toString();
      }).list();
    });
  }

  private static String query(String name) throws IOException {
    String guide = Files.readString(GUIDE);
    Matcher m = Pattern.compile("<!-- query: " + Pattern.quote(name) + " -->\\s*```sql\\n(.*?)```", Pattern.DOTALL)
        .matcher(guide);
    assertThat(m.find()).as("query %s in %s", name, GUIDE).isTrue();
    return m.group(1).strip().replaceAll(";$", "");
  }
}
