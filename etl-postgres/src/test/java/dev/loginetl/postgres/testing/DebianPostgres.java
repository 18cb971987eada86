package dev.loginetl.postgres.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 15 server from Debian's {@code postgresql-15} package ({@code
 * /usr/lib/postgresql/15/bin}), started for one test the way {@code .ci/run} starts it: {@code
 * initdb} with {@code scram-sha-256} password authentication, {@code pg_ctl start} as the {@code
 * postgres} user on a free loopback port. Unlike the embedded server, it checks passwords, and it
 * can serve TLS ({@link #startWithTls}).
 *
 * <p>Without the binaries, {@link #start} throws an {@link AssertionError} saying what to install:
 * a test that needs this server fails rather than skips. {@link #close()} stops the server and
 * deletes its directory; idempotent.
 */
public final class DebianPostgres implements AutoCloseable {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  /** The superuser's password: a test value. */
  public static final String SUPERUSER_PASSWORD = "postgres";

  private final Path directory;
  private final int port;
  private boolean closed;

  private DebianPostgres(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  /** Starts a server without TLS. */
  public static DebianPostgres start() {
    return startWithTls(null, null);
  }

  /**
   * Starts a server; with {@code ssl=on} and the given certificate and key (PEM) when they are not
   * null. The key is copied into the data directory, owned by postgres with mode 0600, as the
   * server insists.
   */
  public static DebianPostgres startWithTls(Path certificate, Path key) {
    if (!Files.isExecutable(BIN.resolve("initdb"))) {
      throw new AssertionError("Debian's PostgreSQL 15 is not installed at " + BIN + ": apt-get install postgresql-15");
    }
    try {
      Path directory = Files.createTempDirectory("loginetl-pg15-");
      run("chown", "postgres", directory.toString());
      Path pwfile = directory.resolve("pwfile");
      Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n");
      run("chown", "postgres", pwfile.toString());
      Path data = directory.resolve("data");
      asPostgres(BIN.resolve("initdb") + " -D " + data + " -U postgres -A scram-sha-256 --pwfile=" + pwfile);
      if (certificate != null) {
        Files.copy(certificate, data.resolve("server.crt"));
        Files.copy(key, data.resolve("server.key"));
        run("chown", "postgres", data.resolve("server.crt").toString(), data.resolve("server.key").toString());
        run("chmod", "0600", data.resolve("server.key").toString());
        Files.writeString(data.resolve("postgresql.conf"),
            "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n",
            java.nio.file.StandardOpenOption.APPEND);
      }
      int port = freePort();
      asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -l " + directory.resolve("server.log") + " -w -o '-p " + port
          + " -k " + directory + " -c listen_addresses=127.0.0.1' start");
      return new DebianPostgres(directory, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://host:port/postgres} plus {@code parameters} (without the {@code ?}). */
  public String jdbcUrl(String host, String parameters) {
    return "jdbc:postgresql://" + host + ":" + port + "/postgres" + (parameters.isEmpty() ? "" : "?" + parameters);
  }

  /** The server's log so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(directory.resolve("server.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      asPostgres(BIN.resolve("pg_ctl") + " -D " + directory.resolve("data") + " -m immediate stop");
    } finally {
      run("rm", "-rf", directory.toString());
    }
  }

  private static void asPostgres(String command) {
    run("su", "postgres", "-s", "/bin/sh", "-c", command);
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
