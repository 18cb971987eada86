package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.postgres.testing.DebianPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password rotated under a running sink, as a Kubernetes Secret is: the role's password changes
 * ({@code ALTER ROLE ... PASSWORD}), the new one is written to the mounted file, the server's
 * connections are terminated ({@code pg_terminate_backend}), and the same sink writes on.
 *
 * <p>Real server: Debian's PostgreSQL 15 ({@link DebianPostgres}) with {@code scram-sha-256}
 * password authentication, since the embedded server trusts every login and would prove nothing.
 * The password source here reads the file on every refusal, as {@code etl-app}'s password file
 * does; what is under test is the sink's pool asking the source again when the server refuses.
 */
@Tag("tools") // needs Debian's PostgreSQL 15: the tools tier (-Ptools)
class RotatedPasswordIT {
  private static final String FIRST = "first-Secret-1";
  private static final String SECOND = "second-Secret-2";
  private static final String SCHEMA = "rotated";

  @TempDir Path dir;
  private DebianPostgres server;
  private Jdbi admin;
  private Path file;
  private CountingFileSource source;

  @BeforeEach
  void startServer() throws IOException {
    server = DebianPostgres.start();
    String url = server.jdbcUrl("127.0.0.1", "");
    admin = Jdbi.create(url, "postgres", DebianPostgres.SUPERUSER_PASSWORD);
    PostgresSchema.migrate(PostgresConfig.of(url, "postgres", Password.of(DebianPostgres.SUPERUSER_PASSWORD))
        .withSchema(SCHEMA));
    admin.useHandle(h -> {
      h.execute("CREATE ROLE etl LOGIN PASSWORD '" + FIRST + "'");
      h.execute("GRANT USAGE ON SCHEMA " + SCHEMA + " TO etl");
      h.execute("GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA " + SCHEMA + " TO etl");
      h.execute("GRANT UPDATE ON " + SCHEMA + ".user_logins_rejected TO etl"); // resolved_at, when a replay becomes a row
      h.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA " + SCHEMA + " TO etl");
    });
    file = dir.resolve("password");
    Files.writeString(file, FIRST + "\n");
    source = new CountingFileSource(file);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void keepsWritingAfterThePasswordIsRotatedAndTheFileRewritten() throws IOException {
    try (PostgresLoginSink sink = PostgresLoginSink.open(config())) {
      sink.write(rows("before-", 50), List.of());
      assertThat(source.refusals).hasValue(0);

      rotate();
      Files.writeString(file, SECOND + "\n");
      terminateEtlConnections();

      // The pool finds its connections terminated: the first attempt may fail as retryable, as
      // any connection loss does, and the pipeline retries it. A refused login would be fatal.
      writeRetrying(sink, rows("after-", 50));
    }
    assertThat(source.refusals).as("the server refused the old password, the file was read again").hasPositiveValue();
    assertThat(count()).isEqualTo(100);
  }

  @Test
  void aRotationTheFileDoesNotFollowFailsWithTheLoginSentenceAndNoSecret() {
    try (PostgresLoginSink sink = PostgresLoginSink.open(config())) {
      sink.write(rows("before-", 10), List.of());
      rotate();
      terminateEtlConnections();

      assertThatThrownBy(() -> writeRetrying(sink, rows("after-", 10)))
          .isInstanceOf(EtlException.class)
          .isNotInstanceOf(RetryableEtlException.class)
          .hasMessageContaining("refused the login for user 'etl'")
          .hasMessageNotContaining(FIRST)
          .hasMessageNotContaining(SECOND);
    }
    assertThat(count()).isEqualTo(10);
  }

  private PostgresConfig config() {
    return PostgresConfig.of(server.jdbcUrl("127.0.0.1", ""), "etl", source)
        .withSchema(SCHEMA)
        .withPoolSize(2)
        .withConnectionTimeout(Duration.ofSeconds(3));
  }

  private void rotate() {
    admin.useHandle(h -> h.execute("ALTER ROLE etl PASSWORD '" + SECOND + "'"));
  }

  private void terminateEtlConnections() {
    int terminated = admin.withHandle(h -> h.createQuery(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'etl') t")
        .mapTo(Integer.class).one());
    assertThat(terminated).as("the pool's connections were open and are now terminated").isPositive();
  }

  private long count() {
    return admin.withHandle(h -> h.createQuery("SELECT count(*) FROM " + SCHEMA + ".user_logins")
        .mapTo(Long.class).one());
  }

  private static void writeRetrying(PostgresLoginSink sink, List<LoginRow> rows) {
    for (int attempt = 1; ; attempt++) {
      try {
        sink.write(rows, List.of());
        return;
      } catch (RetryableEtlException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static List<LoginRow> rows(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new LoginRow(prefix + i, "user-" + i, "android", "h1:ip-" + i, "h1:dev-" + i, "RU",
            2_003_000, "2.3.0", LocalDate.of(2026, 11, 21)))
        .toList();
  }

  /** Reads the file when asked after a refusal; counts the refusals. */
  private static final class CountingFileSource implements PasswordSource {
    private final Path file;
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile Password current;

    CountingFileSource(Path file) {
      this.file = file;
      this.current = read();
    }

    @Override
    public Password current() {
      return current;
    }

    @Override
    public void refused() {
      refusals.incrementAndGet();
      current = read();
    }

    private Password read() {
      try {
        return Password.of(Files.readString(file).strip());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
