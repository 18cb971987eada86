package dev.loginetl.app.faults;

import dev.loginetl.postgres.Password;
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
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two real PostgreSQL 15 servers (Debian's binaries in {@value #BIN}, run as user {@code postgres}
 * as {@code .ci/run} does) on loopback ports, in streaming replication: a primary ({@code
 * wal_level=replica}, a {@code replicator} role with REPLICATION) and a hot standby made with
 * {@code pg_basebackup -R}. The standby is <em>synchronous</em> ({@code synchronous_standby_names}
 * on the primary only): a commit is acknowledged once the standby has it, so a promoted standby
 * holds every commit a client was told of. With asynchronous replication a fail-over may lose
 * acknowledged commits, and no client can prevent that.
 *
 * <p>{@link #killPrimary()} is {@code pg_ctl stop -m immediate} (no shutdown checkpoint, sessions
 * cut); {@link #promoteStandby()} is {@code pg_ctl promote}. {@link #jdbcUrl} names both hosts with
 * {@code targetServerType=primary}. {@code fsync} is off: the servers are killed, never the machine,
 * so the operating system keeps what they wrote. Not thread-safe; {@link #close()} stops both and
 * removes their data, idempotently.
 */
final class PostgresPair implements AutoCloseable {
  static final String BIN = "/usr/lib/postgresql/15/bin";

  private final Path base;
  private final int primaryPort;
  private final int standbyPort;
  private boolean closed;

  private PostgresPair(Path base, int primaryPort, int standbyPort) {
    this.base = base;
    this.primaryPort = primaryPort;
    this.standbyPort = standbyPort;
  }

  /** Whether Debian's PostgreSQL 15 and a {@code postgres} user are here. */
  static boolean available() {
    return Files.isExecutable(Path.of(BIN, "initdb")) && Files.isExecutable(Path.of(BIN, "pg_basebackup"))
        && exec(Duration.ofSeconds(10), "id", "postgres") == 0;
  }

  /** Starts the primary and its synchronous standby; returns once the standby streams in sync. */
  static PostgresPair start() throws Exception {
    Path base = Files.createTempDirectory("loginetl-pair");
    PostgresPair pair = new PostgresPair(base, Runner.freePort(), Runner.freePort());
    try {
      pair.init();
    } catch (Exception | Error e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  private void init() throws Exception {
    run("chown", "postgres", base.toString());
    asPostgres(BIN + "/initdb -D " + base + "/primary -U postgres -A trust --no-sync");
    asPostgres(BIN + "/pg_ctl -D " + base + "/primary -l " + base + "/primary.log -w -o \"" + options(primaryPort)
        + "\" start");
    try (Connection db = DriverManager.getConnection(url(primaryPort, "postgres"), "postgres", "");
        Statement statement = db.createStatement()) {
      statement.execute("CREATE ROLE replicator WITH REPLICATION LOGIN");
    }
    asPostgres(BIN + "/pg_basebackup -D " + base + "/standby -h 127.0.0.1 -p " + primaryPort
        + " -U replicator -R -X stream -c fast --no-sync");
    // A later line wins: the same connection as -R wrote, named, so that the primary waits for it.
    asPostgres("echo \"primary_conninfo = 'host=127.0.0.1 port=" + primaryPort
        + " user=replicator application_name=standby1'\" >> " + base + "/standby/postgresql.auto.conf");
    asPostgres(BIN + "/pg_ctl -D " + base + "/standby -l " + base + "/standby.log -w -o \"" + options(standbyPort)
        + "\" start");
    // Only now: a synchronous primary without its standby would wait for it on every commit. Set on
    // the primary alone, so that the promoted standby does not wait for a standby of its own.
    try (Connection db = DriverManager.getConnection(url(primaryPort, "postgres"), "postgres", "");
        Statement statement = db.createStatement()) {
      statement.execute("ALTER SYSTEM SET synchronous_standby_names = 'standby1'");
      statement.execute("ALTER SYSTEM SET synchronous_commit = 'on'");
      statement.execute("SELECT pg_reload_conf()");
    }
    Faults.waitUntil(Duration.ofSeconds(60), "the standby streaming in sync", this::standbyInSync);
  }

  private String options(int port) {
    return "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=5"
        + " -c hot_standby=on -c fsync=off -c max_connections=60";
  }

  private boolean standbyInSync() {
    try (Connection db = DriverManager.getConnection(url(primaryPort, "postgres"), "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'standby1' AND sync_state = 'sync'")) {
      rs.next();
      return rs.getLong(1) == 1;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * A new database on the primary with the loader's schema (both reach the standby by
   * replication); its multi-host JDBC URL.
   */
  String newDatabase(String name) throws SQLException {
    try (Connection db = DriverManager.getConnection(url(primaryPort, "postgres"), "postgres", "");
        Statement statement = db.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    String url = jdbcUrl(name);
    PostgresSchema.migrate(PostgresConfig.of(url, "postgres", Password.none()));
    return url;
  }

  /** Both servers, primary first, with {@code targetServerType=primary}. */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + database
        + "?targetServerType=primary";
  }

  /** {@code pg_ctl stop -m immediate} on the primary: its sessions are cut, nothing is checkpointed. */
  void killPrimary() {
    asPostgres(BIN + "/pg_ctl -D " + base + "/primary -m immediate stop");
  }

  /** {@code pg_ctl promote} on the standby; returns once it accepts writes. */
  void promoteStandby() {
    asPostgres(BIN + "/pg_ctl -D " + base + "/standby -w promote");
  }

  private static String url(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static void asPostgres(String command) {
    run("su", "postgres", "-s", "/bin/sh", "-c", command);
  }

  private static void run(String... command) {
    int code = exec(Duration.ofMinutes(2), command);
    if (code != 0) {
      throw new IllegalStateException("exit " + code + " from: " + String.join(" ", command));
    }
  }

  private static int exec(Duration limit, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String server : new String[] {"standby", "primary"}) {
      if (Files.exists(base.resolve(server).resolve("postmaster.pid"))) {
        exec(Duration.ofMinutes(1), "su", "postgres", "-s", "/bin/sh", "-c",
            BIN + "/pg_ctl -D " + base + "/" + server + " -m immediate stop");
      }
    }
    try (Stream<Path> files = Files.walk(base)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind; nothing else to do.
    }
  }
}
