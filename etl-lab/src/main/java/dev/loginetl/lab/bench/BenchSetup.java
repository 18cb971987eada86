package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import dev.loginetl.app.job.RunSettings;
import dev.loginetl.core.port.Masker;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.sqs.SqsClientConfig;
import java.time.Duration;
import java.util.Properties;

/**
 * Where and how the benchmark's phases run: the SQS server, the database, the masker and the
 * pipeline's settings, shared by every phase so that they compare like with like.
 *
 * @param sqs how to reach the SQS server
 * @param jdbcUrl the database; each phase works in a schema of its own
 * @param user the database user
 * @param password the user's password
 * @param masker masks under the benchmark's throwaway key
 * @param run the loader's settings, as {@code run --until-empty} takes them; every phase that runs the
 *     pipeline (the bare drain too) runs it with these
 */
public record BenchSetup(
    SqsClientConfig sqs, String jdbcUrl, String user, Password password, Masker masker, RunSettings run) {

  /** Receives wait this long on an empty queue, as {@code run --until-empty} does. */
  static final Duration WAIT_TIME = Duration.ofSeconds(1);
  /** Fresh queues hide a delivery this long. */
  static final Duration VISIBILITY = Duration.ofSeconds(60);

  public BenchSetup {
    requireNonNull(sqs, "sqs");
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(masker, "masker");
    requireNonNull(run, "run");
  }

  /** The database, in {@code schema}, with a pool of {@code connections}. */
  PostgresConfig database(String schema, int connections) {
    return PostgresConfig.of(jdbcUrl, user, password).withSchema(schema).withPoolSize(connections);
  }

  /**
   * pgjdbc properties for a plain connection of the benchmark's own: the user and password, and
   * the server's DETAIL lines (which can quote row values) kept out of exception messages, as the
   * sink does.
   */
  Properties login() {
    Properties login = new Properties();
    login.setProperty("user", user);
    login.setProperty("password", password.reveal());
    login.setProperty("logServerErrorDetail", "false");
    return login;
  }
}
