package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the packaged runner needs to run against the benchmark's servers: a database of its own
 * ({@value #DATABASE}, created here and dropped by {@link #close()}, since {@code run} always writes
 * to the {@code public} schema), the benchmark's throwaway key in a file, and the {@code run
 * --until-empty} arguments with the benchmark's pipeline settings.
 *
 * <p>Not thread-safe; one at a time per server.
 */
final class RunnerFixture implements AutoCloseable {
  static final String DATABASE = "loginetl_bench_runner";
  private static final Pattern JDBC_DATABASE = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

  private final BenchSetup setup;
  private final MaskingStrategy strategy;
  private final Path dir;
  private final Path keyFile;
  private final String runnerUrl;
  private boolean closed;

  private RunnerFixture(BenchSetup setup, MaskingStrategy strategy, Path dir, Path keyFile, String runnerUrl) {
    this.setup = setup;
    this.strategy = strategy;
    this.dir = dir;
    this.keyFile = keyFile;
    this.runnerUrl = runnerUrl;
  }

  /** Creates the database (dropping a leftover one) and writes the key. */
  static RunnerFixture create(BenchSetup setup, PiiKeyset key, MaskingStrategy strategy) {
    requireNonNull(setup, "setup");
    String runnerUrl = withDatabase(setup.jdbcUrl(), DATABASE);
    Path dir;
    try {
      dir = Files.createTempDirectory("loginetl-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path keyFile = dir.resolve("bench.key");
    key.writeNew(keyFile);
    Schemas.execute(setup, setup.jdbcUrl(), "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    Schemas.execute(setup, setup.jdbcUrl(), "CREATE DATABASE " + DATABASE);
    return new RunnerFixture(setup, strategy, dir, keyFile, runnerUrl);
  }

  /** Brings the runner's schema up to date, as a runner that has run before finds it. */
  void migrate() {
    PostgresSchema.migrate(PostgresConfig.of(runnerUrl, setup.user(), setup.password()));
  }

  /** Empties the runner's tables, so that every run writes into the same conditions. */
  void emptyTables() {
    Schemas.execute(setup, runnerUrl, "TRUNCATE public.user_logins, public.user_logins_rejected");
  }

  /** {@code run --until-empty} on {@code queueUrl} with the benchmark's settings; the password is not among them. */
  List<String> runArgs(String queueUrl) {
    PipelineSettings p = setup.run().pipeline();
    List<String> args = new ArrayList<>(List.of("run", "--until-empty",
        "--queue-url", queueUrl, "--sqs-endpoint", String.valueOf(setup.sqs().endpoint()),
        "--jdbc-url", runnerUrl, "--db-user", setup.user(),
        "--masking", strategy.configName(), "--key-file", keyFile.toString(),
        p.adaptiveReceivers() ? "--max-receivers" : "--receivers",
        String.valueOf(p.adaptiveReceivers() ? p.maxReceivers() : p.receivers()), "--writers", String.valueOf(p.writers()),
        "--batch-size", String.valueOf(p.batchSize()), "--linger-ms", String.valueOf(p.linger().toMillis()),
        "--max-in-flight", String.valueOf(p.maxInFlight()),
        "--outage-limit", String.valueOf(p.outageLimit().toSeconds())));
    if (setup.password().reveal().isEmpty()) {
      args.addAll(List.of("--db-password", ""));
    }
    return args;
  }

  /** The runner's environment: the password, kept off the command line, where ps would show it. */
  Map<String, String> environment() {
    String password = setup.password().reveal();
    return password.isEmpty() ? Map.of() : Map.of("PGPASSWORD", password);
  }

  /** A file in the fixture's directory. */
  Path file(String name) {
    return dir.resolve(name);
  }

  /** Rows and rejections stored; {-1, -1} when the tables are not there (the runner failed first). */
  long[] counts() {
    try (Connection connection = DriverManager.getConnection(runnerUrl, setup.login());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT (SELECT count(*) FROM public.user_logins), (SELECT count(*) FROM public.user_logins_rejected)")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    } catch (SQLException e) {
      return new long[] {-1, -1};
    }
  }

  /** Drops the database and deletes the key. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Schemas.execute(setup, setup.jdbcUrl(), "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind is harmless
      }
    }
  }

  static String withDatabase(String jdbcUrl, String database) {
    Matcher m = JDBC_DATABASE.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot tell the database in the JDBC URL; give one like jdbc:postgresql://host:5432/postgres");
    }
    return m.group(1) + database + m.group(3);
  }
}
