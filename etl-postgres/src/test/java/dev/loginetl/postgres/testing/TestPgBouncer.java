package dev.loginetl.postgres.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.Driver;

/**
 * A real PgBouncer (the {@code pgbouncer} program, Debian's package) in transaction pooling mode on
 * a free loopback port, in front of a {@link TestPostgres}. Each pool is a database name of its own
 * with its own number of server connections, all leading to the test server's database.
 *
 * <p>Clients are trusted on loopback; PgBouncer logs in to PostgreSQL with the test server's user
 * and password from its auth file. Started as root, it switches to the {@code postgres} user, since
 * PgBouncer refuses to run as root. Without the program installed, {@link #start} throws an
 * {@link AssertionError} that says how to install it: a test that needs PgBouncer fails rather than
 * skips.
 *
 * <p>{@link #close()} stops it; idempotent.
 */
public final class TestPgBouncer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final Path directory;
  private final Path log;
  private final int port;

  private TestPgBouncer(Process process, Path directory, Path log, int port) {
    this.process = process;
    this.directory = directory;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts PgBouncer in front of {@code server}.
   *
   * @param pools database name to the number of server connections its pool may open
   */
  public static TestPgBouncer start(TestPostgres server, Map<String, Integer> pools) {
    String program = findProgram();
    Properties target = Driver.parseURL(server.jdbcUrl(), new Properties());
    String host = target.getProperty("PGHOST", "localhost");
    String serverPort = target.getProperty("PGPORT", "5432");
    String database = target.getProperty("PGDBNAME", "postgres");
    try {
      Path directory = Files.createTempDirectory("loginetl-pgbouncer");
      int port = freePort();
      StringBuilder ini = new StringBuilder("[databases]\n");
      new LinkedHashMap<>(pools).forEach((name, size) -> ini.append(name).append(" = host=").append(host)
          .append(" port=").append(serverPort).append(" dbname=").append(database)
          .append(" pool_size=").append(size).append('\n'));
      ini.append("\n[pgbouncer]\n")
          .append("listen_addr = 127.0.0.1\n")
          .append("listen_port = ").append(port).append('\n')
          .append("unix_socket_dir =\n")
          .append("pool_mode = transaction\n")
          .append("auth_type = trust\n")
          .append("auth_file = ").append(directory.resolve("users.txt")).append('\n')
          .append("max_client_conn = 200\n")
          // A client waiting for a server connection fails after this instead of PgBouncer's 120 s.
          .append("query_wait_timeout = 30\n")
          .append("log_connections = 0\n")
          .append("log_disconnections = 0\n");
      if (isRoot()) {
        ini.append("user = postgres\n");
      }
      Files.writeString(directory.resolve("pgbouncer.ini"), ini.toString());
      Files.writeString(directory.resolve("users.txt"),
          quote(server.user()) + " " + quote(server.password()) + "\n");
      // PgBouncer reads both files after giving up root.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(directory.resolve("pgbouncer.ini"), PosixFilePermissions.fromString("rw-r--r--"));
      Files.setPosixFilePermissions(directory.resolve("users.txt"), PosixFilePermissions.fromString("rw-r--r--"));
      Path log = directory.resolve("pgbouncer.out");
      Process process = new ProcessBuilder(program, directory.resolve("pgbouncer.ini").toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      TestPgBouncer bouncer = new TestPgBouncer(process, directory, log, port);
      bouncer.awaitListening();
      return bouncer;
    } catch (IOException e) {
      throw new UncheckedIOException("PgBouncer did not start", e);
    }
  }

  /** A JDBC URL for the pool {@code database}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // a temporary directory left behind is no test failure
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("pgbouncer exited with status " + process.exitValue() + ": " + output());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for pgbouncer", e);
        }
      }
    }
    close();
    throw new AssertionError("pgbouncer did not listen on port " + port + " within " + START_TIMEOUT + ": " + output());
  }

  private String output() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static String findProgram() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv("PGBOUNCER");
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "pgbouncer"));
      }
    }
    candidates.add(Path.of("/usr/sbin/pgbouncer"));
    candidates.add(Path.of("/usr/bin/pgbouncer"));
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("pgbouncer is not installed, and the tests of the sink behind a pooler need it:"
        + " install it (Debian: apt-get install pgbouncer; .ci/run does) or name the program in PGBOUNCER");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A value of PgBouncer's auth file: double-quoted, a double quote doubled. */
  private static String quote(String value) {
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return "TestPgBouncer[127.0.0.1:" + port + "]";
  }
}
