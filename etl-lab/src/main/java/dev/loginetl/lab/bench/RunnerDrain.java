package dev.loginetl.lab.bench;

import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.testkit.MessageGenerator;
import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.sqs.QueueDepth;
import dev.loginetl.sqs.SqsQueueAdmin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The memory check: the pipeline as a separate {@code loginetl run --until-empty} process with a
 * small heap ({@code -Xmx}), draining a queue seeded in this process (whose embedded ElasticMQ holds
 * every message in this heap, not the runner's). The runner's peak heap comes from its GC log: the
 * most heap in use before any collection.
 *
 * <p>Works in a database of its own ({@code loginetl_bench_runner}, created and dropped), since
 * {@code run} always writes to the {@code public} schema.
 */
public final class RunnerDrain {
  private static final String DATABASE = "loginetl_bench_runner";
  private static final Pattern GC_PAUSE = Pattern.compile("\\bGC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
  private static final Pattern JDBC_DATABASE = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

  private RunnerDrain() {}

  /**
   * Seeds {@code messages}, runs the runner jar with {@code -Xmx<heap>} until the queue is empty, and
   * reports what it did.
   *
   * @param jar the packaged runner, {@code loginetl.jar}
   * @param heap a {@code -Xmx} size, such as {@code 256m}
   */
  public static BenchReport.MemoryDrain run(BenchSetup setup, PiiKeyset key, MaskingStrategy strategy, Path jar,
      String heap, long messages, long seed, PrintWriter out) throws InterruptedException {
    requireNonNull(jar, "jar");
    if (!heap.matches("\\d+[kKmMgG]?")) {
      throw new IllegalArgumentException("the runner heap must be a -Xmx size such as 256m, was '" + heap + "'");
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the runner jar " + jar + " does not exist: build it with ./mvnw -pl etl-app -am package");
    }
    String runnerUrl = withDatabase(setup.jdbcUrl(), DATABASE);
    Path dir = tempDir();
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(setup.sqs())) {
      String queueUrl = admin.createQueue("loginetl-bench-runner-" + Long.toHexString(System.nanoTime()), BenchSetup.VISIBILITY);
      try {
        out.printf("Seeding %,d messages...%n", messages);
        out.flush();
        Seeder.Seeded seeded = Seeder.seed(setup.sqs(), queueUrl, new MessageGenerator(seed), messages, Bench.SEED_THREADS);
        out.printf("Seeded %,d messages in %.1f s.%n", seeded.sent(), seeded.seconds());
        sql(setup, setup.jdbcUrl(), "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        sql(setup, setup.jdbcUrl(), "CREATE DATABASE " + DATABASE);
        try {
          Path keyFile = dir.resolve("bench.key");
          key.writeNew(keyFile);
          Path gcLog = dir.resolve("gc.log");
          Path output = dir.resolve("runner.log");
          PipelineSettings p = setup.run().pipeline();
          List<String> command = new ArrayList<>(List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
              "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(), "run", "--until-empty",
              "--queue-url", queueUrl, "--sqs-endpoint", String.valueOf(setup.sqs().endpoint()),
              "--jdbc-url", runnerUrl, "--db-user", setup.user(),
              "--masking", strategy.configName(), "--key-file", keyFile.toString(),
              "--receivers", String.valueOf(p.receivers()), "--writers", String.valueOf(p.writers()),
              "--batch-size", String.valueOf(p.batchSize()), "--linger-ms", String.valueOf(p.linger().toMillis()),
              "--max-in-flight", String.valueOf(p.maxInFlight()),
              "--outage-limit", String.valueOf(p.outageLimit().toSeconds())));
          ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
          String password = setup.password().reveal();
          if (password.isEmpty()) {
            command.addAll(List.of("--db-password", ""));
            builder.command(command);
          } else {
            builder.environment().put("PGPASSWORD", password); // not on the command line, where ps would show it
          }
          out.printf("Running the pipeline as a separate process with -Xmx%s:%n  %s%n", heap, String.join(" ", command));
          out.flush();
          long start = System.nanoTime();
          Process runner;
          try {
            runner = builder.start();
          } catch (IOException e) {
            throw new EtlException("could not start the runner (" + command.get(0) + "): " + e.getMessage(), e);
          }
          int exit;
          try {
            exit = runner.waitFor();
          } catch (InterruptedException e) {
            runner.destroy();
            throw e;
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          GcSummary gc = GcSummary.parse(gcLog);
          QueueDepth depth = admin.depth(queueUrl);
          long[] stored = counts(setup, runnerUrl);
          if (exit != 0) {
            out.println("The runner failed; the end of its output:");
            tail(output, 20).forEach(line -> out.println("  " + line));
          }
          return new BenchReport.MemoryDrain(heap, seeded.sent(), String.join(" ", command), exit,
              BareDrain.round3(seconds), StageClock.round(seeded.sent() / seconds, 0), gc.peakBytes(), gc.count(),
              depth.total(), stored[0], stored[1]);
        } finally {
          sql(setup, setup.jdbcUrl(), "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
      } finally {
        admin.deleteQueue(queueUrl);
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** The most heap in use before a collection, and how many there were. */
  record GcSummary(long peakBytes, int count) {
    static GcSummary parse(Path log) {
      if (!Files.isRegularFile(log)) {
        return new GcSummary(-1, 0);
      }
      try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
        long peak = -1;
        int count = 0;
        for (String line : (Iterable<String>) lines::iterator) {
          Matcher m = GC_PAUSE.matcher(line);
          if (m.find()) {
            count++;
            peak = Math.max(peak, bytes(m.group(1), m.group(2)));
          }
        }
        return new GcSummary(peak, count);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static long bytes(String number, String unit) {
      long value = Long.parseLong(number);
      switch (unit.toUpperCase(Locale.ROOT)) {
        case "G":
          return value << 30;
        case "M":
          return value << 20;
        default:
          return value << 10;
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

  private static long[] counts(BenchSetup setup, String url) {
    try (Connection connection = DriverManager.getConnection(url, login(setup));
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT (SELECT count(*) FROM public.user_logins), (SELECT count(*) FROM public.user_logins_rejected)")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    } catch (SQLException e) {
      return new long[] {-1, -1}; // the runner failed before migrating: reported through its exit code
    }
  }

  private static void sql(BenchSetup setup, String url, String statement) {
    try (Connection connection = DriverManager.getConnection(url, login(setup));
        Statement s = connection.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new EtlException("PostgreSQL refused '" + statement + "': " + e.getMessage(), e);
    }
  }

  private static Properties login(BenchSetup setup) {
    Properties login = new Properties();
    login.setProperty("user", setup.user());
    login.setProperty("password", setup.password().reveal());
    login.setProperty("logServerErrorDetail", "false");
    return login;
  }

  private static List<String> tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(could not read " + file + ")");
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("loginetl-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
