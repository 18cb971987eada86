package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.postgres.testing.DebianPostgres;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The health check's probe against a real server that checks passwords: Debian's PostgreSQL 15
 * ({@link DebianPostgres}) with {@code scram-sha-256}, since the embedded server trusts every login.
 */
@Tag("tools") // needs Debian's PostgreSQL 15: the tools tier (-Ptools)
class PostgresProbeIT {
  private static final String FIRST = "first-Secret-1";
  private static final String SECOND = "second-Secret-2";
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private DebianPostgres server;
  private Jdbi admin;

  @BeforeEach
  void startServer() {
    server = DebianPostgres.start();
    admin = Jdbi.create(server.jdbcUrl("127.0.0.1", ""), "postgres", DebianPostgres.SUPERUSER_PASSWORD);
    admin.useHandle(h -> h.execute("CREATE ROLE etl LOGIN PASSWORD '" + FIRST + "'"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Gives {@code password}, and reads {@code next} into it when the server refused it. */
  private static final class RotatingSource implements PasswordSource {
    private final AtomicReference<String> password;
    private final AtomicReference<String> next;
    private final AtomicInteger refusals = new AtomicInteger();

    RotatingSource(String password) {
      this.password = new AtomicReference<>(password);
      this.next = new AtomicReference<>(password);
    }

    @Override
    public Password current() {
      return Password.of(password.get());
    }

    @Override
    public void refused() {
      refusals.incrementAndGet();
      password.set(next.get());
    }
  }

  private PostgresConfig config(PasswordSource source) {
    return PostgresConfig.of(server.jdbcUrl("127.0.0.1", ""), "etl", source);
  }

  @Test
  void aServerThatTakesTheLoginHasNoProblem() {
    RotatingSource source = new RotatingSource(FIRST);

    assertThat(PostgresProbe.problem(config(source), TIMEOUT)).isEmpty();
    assertThat(source.refusals).hasValue(0);
  }

  @Test
  void aPasswordRotatedUnderTheProcessIsFetchedAgainInsteadOfReportedAsAProblem() {
    RotatingSource source = new RotatingSource(FIRST);
    PostgresConfig config = config(source);
    assertThat(PostgresProbe.problem(config, TIMEOUT)).isEmpty();

    admin.useHandle(h -> h.execute("ALTER ROLE etl PASSWORD '" + SECOND + "'"));
    source.next.set(SECOND); // the secret file rewritten

    assertThat(PostgresProbe.problem(config, TIMEOUT)).isEmpty();
    assertThat(source.refusals).as("the old password was refused once, then the new one read").hasValue(1);
  }

  @Test
  void aLoginStillRefusedIsNamedAsSuchWithoutThePassword() {
    RotatingSource source = new RotatingSource(FIRST);
    admin.useHandle(h -> h.execute("ALTER ROLE etl PASSWORD '" + SECOND + "'"));

    Optional<String> problem = PostgresProbe.problem(config(source), TIMEOUT);

    assertThat(problem).hasValueSatisfying(sentence -> assertThat(sentence)
        .contains("refuses the login for user 'etl'")
        .contains("SQLSTATE 28P01")
        .doesNotContain(FIRST)
        .doesNotContain(SECOND));
  }

  @Test
  void aServerThatIsGoneIsUnreachable() {
    PostgresConfig config = config(new RotatingSource(FIRST));
    server.close();

    assertThat(PostgresProbe.problem(config, TIMEOUT)).hasValueSatisfying(sentence -> assertThat(sentence)
        .startsWith("PostgreSQL at 127.0.0.1:")
        .contains("is unreachable (SQLSTATE 08001)"));
  }
}
