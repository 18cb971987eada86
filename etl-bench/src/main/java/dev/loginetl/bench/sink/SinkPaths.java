package dev.loginetl.bench.sink;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Rows per second of each way of writing a batch to PostgreSQL ({@link WritePaths}), alone: no
 * queue, no parsing, one connection per path. The paths take turns batch by batch (who goes first
 * rotates), each into a table of its own, so that a busy machine slows them alike; a round is
 * {@code --batches} batches of each, and the report gives, per path, the median rows/s over the
 * rounds and the median of its per-round ratio to {@code copy-session-temp}. Round 0 warms up and
 * is not counted. Every batch holds new message ids, shaped like the pipeline's rows.
 *
 * <pre>
 * ./mvnw -q -pl etl-bench -am package -DskipTests
 * java -cp etl-bench/target/benchmarks.jar dev.loginetl.bench.sink.SinkPaths [--rounds 10] [--batches 40]
 *     [--batch-size 500] [--paths copy-session-temp,unnest,sink] [--jdbc-url URL --user U --password P]
 * </pre>
 *
 * <p>Without {@code --jdbc-url} it starts an embedded PostgreSQL (zonky), as {@code loginetl bench}
 * does. With one, it creates and drops schemas named {@code loginetl_sinkpaths_*} there.
 */
public final class SinkPaths {
  private static final String BASELINE = "copy-session-temp";
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final Random random = new Random(42);
  private long nextId;

  private SinkPaths() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Map<String, String> options = options(args);
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
    int batches = Integer.parseInt(options.getOrDefault("batches", "40"));
    int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "500"));
    List<String> paths = List.of(options.getOrDefault("paths", String.join(",", WritePaths.NAMES)).split(","));
    String url = options.get("jdbc-url");
    EmbeddedPostgres embedded = null;
    String user = options.getOrDefault("user", "postgres");
    String password = options.getOrDefault("password", "");
    if (url == null) {
      embedded = EmbeddedPostgres.builder().start();
      url = embedded.getJdbcUrl("postgres", "postgres").replaceFirst("\\?.*$", "");
    }
    try {
      new SinkPaths().run(url, user, password, paths, rounds, batches, batchSize);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private void run(String url, String user, String password, List<String> paths, int rounds, int batches,
      int batchSize) throws SQLException {
    System.out.printf(Locale.ROOT, "%d rounds of %d batches of %d rows per path, paths taking turns; %s%n",
        rounds, batches, batchSize, url.replaceFirst("\\?.*$", ""));
    List<PostgresConfig> configs = new ArrayList<>();
    List<WritePath> opened = new ArrayList<>();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try {
      for (String path : paths) {
        PostgresConfig config = PostgresConfig.of(url, user, Password.of(password))
            .withSchema("loginetl_sinkpaths_" + path.replace('-', '_'));
        drop(config, password);
        PostgresSchema.migrate(config);
        configs.add(config);
        opened.add(WritePaths.open(path, config, password));
        rates.put(path, new ArrayList<>());
      }
      for (int round = 0; round <= rounds; round++) {
        long[] nanos = new long[paths.size()];
        for (int b = 0; b < batches; b++) {
          for (int k = 0; k < paths.size(); k++) {
            int p = (k + b) % paths.size();
            List<LoginRow> rows = batch(batchSize);
            long start = System.nanoTime();
            int stored = opened.get(p).write(rows);
            nanos[p] += System.nanoTime() - start;
            if (stored != batchSize) {
              throw new IllegalStateException(paths.get(p) + " stored " + stored + " of " + batchSize + " new rows");
            }
          }
        }
        if (round > 0) {
          for (int p = 0; p < paths.size(); p++) {
            rates.get(paths.get(p)).add((double) batches * batchSize / (nanos[p] / 1e9));
          }
        }
      }
    } finally {
      for (WritePath path : opened) {
        path.close();
      }
      for (PostgresConfig config : configs) {
        drop(config, password);
      }
    }
    report(rates);
  }

  private static void report(Map<String, List<Double>> rates) {
    List<Double> baseline = rates.get(BASELINE);
    System.out.printf(Locale.ROOT, "%-18s %12s %14s   %s%n", "path", "rows/s", "vs " + BASELINE, "rows/s per round");
    rates.forEach((path, perRound) -> {
      String ratio = "";
      if (baseline != null) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < perRound.size(); r++) {
          ratios.add(perRound.get(r) / baseline.get(r));
        }
        ratio = String.format(Locale.ROOT, "%.2f", median(ratios));
      }
      System.out.printf(Locale.ROOT, "%-18s %,12.0f %14s   %s%n", path, median(perRound), ratio,
          perRound.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList());
    });
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** New rows shaped like the pipeline's: uuid-like ids, hmac masks, sorted by id as Batch does. */
  private List<LoginRow> batch(int size) {
    List<LoginRow> rows = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String id = String.format(Locale.ROOT, "%08x-%04x-4%03x-a%03x-%012x", nextId++, random.nextInt(1 << 16),
          random.nextInt(1 << 12), random.nextInt(1 << 12), random.nextLong() & 0xffffffffffffL);
      rows.add(new LoginRow(id, id.substring(9) + "-user", random.nextBoolean() ? "ios" : "android",
          "h1:9fdc82b1:" + token(43), "h1:9fdc82b1:" + token(43), random.nextInt(10) == 0 ? null : "RU",
          2_003_000, "2.3.0", LocalDate.of(2026, 11, 27)));
    }
    rows.sort((a, b) -> a.messageId().compareTo(b.messageId()));
    return rows;
  }

  private String token(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }

  private static void drop(PostgresConfig config, String password) throws SQLException {
    try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), password);
        Statement drop = connection.createStatement()) {
      drop.execute("DROP SCHEMA IF EXISTS \"" + config.schema() + "\" CASCADE");
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
