package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.postgres.internal.Endpoint;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures to connect become one clear sentence, retryable or fatal as a retry can help or not. */
class ConnectionErrorsIT {
  private static final String PASSWORD = "pw-that-must-never-print";

  @RegisterExtension final TestSchema testSchema = TestSchema.on(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();

  @Test
  void aLoginAsAnUnknownUserIsFatalAndNamesTheUser() {
    PostgresConfig unknownUser = new PostgresConfig(config.jdbcUrl(), "nobody_here", Password.of(PASSWORD),
        1, config.schema(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> PostgresLoginSink.open(unknownUser))
        .isInstanceOf(EtlException.class)
        .isNotInstanceOf(RetryableEtlException.class)
        .hasMessage("PostgreSQL at " + Endpoint.of(config.jdbcUrl())
            + " refused the login for user 'nobody_here': check the database user and password");
  }

  @Test
  void aWrongPasswordIsFatalAndNeverPrinted() throws Exception {
    String role = "loginetl_it_password";
    Runnable restore = requirePasswordLogin(role, "the-right-one");
    PostgresConfig wrongPassword = new PostgresConfig(config.jdbcUrl(), role, Password.of(PASSWORD),
        1, config.schema(), Duration.ofSeconds(2));

    Throwable thrown;
    try {
      thrown = catchAll(() -> PostgresSchema.migrate(wrongPassword));
    } finally {
      restore.run();
    }

    assertThat(thrown)
        .isInstanceOf(EtlException.class)
        .isNotInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("refused the login for user '" + role + "'");
    assertThat(messagesOf(thrown)).noneMatch(m -> m.contains(PASSWORD));
    assertThat(wrongPassword.toString()).doesNotContain(PASSWORD).contains("password=***");
  }

  @Test
  void nothingListeningIsRetryableAndSaysSo() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PostgresConfig nowhere = PostgresConfig.of("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
        Password.none()).withConnectionTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> PostgresLoginSink.open(nowhere))
        .isInstanceOf(RetryableEtlException.class)
        .hasMessage("nothing answers at 127.0.0.1:" + port + ": is PostgreSQL running?");
    assertThatThrownBy(() -> PostgresSchema.migrate(nowhere))
        .isInstanceOf(RetryableEtlException.class)
        .hasMessage("nothing answers at 127.0.0.1:" + port + ": is PostgreSQL running?");
  }

  @Test
  void aMissingDatabaseIsFatal() {
    String url = config.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1");
    PostgresConfig missing = new PostgresConfig(url, db.admin().withHandle(h -> h.createQuery("SELECT current_user")
        .mapTo(String.class).one()), config.password(), 1, config.schema(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> PostgresLoginSink.open(missing))
        .isInstanceOf(EtlException.class)
        .isNotInstanceOf(RetryableEtlException.class)
        .hasMessageEndingWith("has no database 'no_such_database': create it or correct the JDBC URL");
  }

  @Test
  void aWriteAfterCloseIsRefused() {
    PostgresSchema.migrate(config);
    PostgresLoginSink sink = PostgresLoginSink.open(config);
    sink.close();

    assertThatThrownBy(() -> sink.write(List.of(), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the PostgreSQL sink is closed");
  }

  /**
   * Makes the server ask {@code role} for its password, by putting a scram-sha-256 rule before the
   * others in pg_hba.conf. Needs a superuser on a server whose files this JVM may write; skips
   * itself on any other.
   *
   * @return puts pg_hba.conf back as it was and drops the role
   */
  private Runnable requirePasswordLogin(String role, String password) throws Exception {
    Path hba = db.admin().withHandle(h -> {
      boolean superuser = h.createQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
          .mapTo(Boolean.class).one();
      return superuser ? Path.of(h.createQuery("SHOW hba_file").mapTo(String.class).one()) : null;
    });
    assumeTrue(hba != null && Files.isWritable(hba), "needs a superuser and a writable pg_hba.conf");
    db.admin().useHandle(h -> {
      h.execute("DROP ROLE IF EXISTS " + role);
      h.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
    });
    String original = Files.readString(hba);
    Files.writeString(hba, String.join("\n",
        "host all " + role + " 127.0.0.1/32 scram-sha-256",
        "host all " + role + " ::1/128 scram-sha-256",
        "local all " + role + " scram-sha-256",
        original));
    db.admin().useHandle(h -> h.execute("SELECT pg_reload_conf()"));
    Runnable restore = () -> {
      try {
        Files.writeString(hba, original);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      db.admin().useHandle(h -> {
        h.execute("SELECT pg_reload_conf()");
        h.execute("DROP ROLE IF EXISTS " + role);
      });
    };
    // The server reloads asynchronously: wait until it asks for the password.
    for (int i = 0; i < 100; i++) {
      try {
        DriverManager.getConnection(config.jdbcUrl(), role, "not-" + password).close();
        Thread.sleep(50);
      } catch (SQLException refused) {
        return restore;
      }
    }
    restore.run();
    throw new IllegalStateException("the server never asked for a password");
  }

  private static Throwable catchAll(Runnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  private static List<String> messagesOf(Throwable thrown) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
      for (Throwable s : t.getSuppressed()) {
        messages.add(String.valueOf(s.getMessage()));
      }
    }
    return messages;
  }
}
