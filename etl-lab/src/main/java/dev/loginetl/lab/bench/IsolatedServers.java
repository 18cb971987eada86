package dev.loginetl.lab.bench;

import dev.loginetl.core.EtlException;
import dev.loginetl.lab.embedded.SqsServerMain;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The servers of {@code bench --isolate}, each in processes of its own, so that the benchmark's JVM
 * holds nothing but the runner it measures: ElasticMQ in a JVM of its own ({@link SqsServerMain},
 * from the lab's jar, {@value #SQS_HEAP}), and zonky's embedded PostgreSQL (its own processes
 * anyway). With {@code taskset} on Linux and two CPUs or more, both are pinned to the CPUs other than
 * the runner's, and this JVM, every thread of it, to the runner's; otherwise nothing is pinned and
 * {@link #isolation()} says so.
 *
 * <p>Lifecycle: {@link #start} starts both (a few seconds); {@link #close()} stops both and is
 * idempotent. This JVM stays pinned after close. Not thread-safe.
 */
public final class IsolatedServers implements AutoCloseable {
  static final String SQS_HEAP = "-Xmx512m";
  private static final long START_SECONDS = 60;

  private final Process sqs;
  private final URI sqsEndpoint;
  private final EmbeddedPostgres postgres;
  /** Empty when it could not be found. */
  private final Optional<ProcessHandle> postmaster;
  private final BenchReport.Isolation isolation;
  private boolean closed;

  private IsolatedServers(Process sqs, URI sqsEndpoint, EmbeddedPostgres postgres, Optional<ProcessHandle> postmaster,
      BenchReport.Isolation isolation) {
    this.sqs = sqs;
    this.sqsEndpoint = sqsEndpoint;
    this.postgres = postgres;
    this.postmaster = postmaster;
    this.isolation = isolation;
  }

  /**
   * Starts both servers away from the runner's CPU, then pins this JVM to it.
   *
   * @param labJar the lab's jar, whose {@link SqsServerMain} the queue server's JVM runs
   * @param runnerCpu the runner's CPU; null for the highest online one, {@link ColdRuns.Plan#NO_PINNING}
   *     for none
   * @throws EtlException when a server does not start
   * @throws IllegalArgumentException when {@code runnerCpu} cannot be pinned to
   */
  public static IsolatedServers start(Path labJar, Integer runnerCpu) {
    Pinning pinning = pinning(runnerCpu);
    Process sqs = startSqs(labJar, pinning);
    URI endpoint;
    EmbeddedPostgres postgres;
    try {
      endpoint = URI.create("http://127.0.0.1:" + awaitPort(sqs));
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      stop(sqs);
      throw new EtlException("could not start the isolated servers: " + e.getMessage(), e);
    }
    Optional<ProcessHandle> postmaster = postmaster(postgres);
    postmaster.ifPresent(pinning::moveAway);
    boolean pinned = pinning.pins() && postmaster.isPresent() && pinning.pinThisProcessToRunnerCpu();
    String description;
    if (pinned) {
      description = String.format("isolated and pinned: this JVM (the runner) on CPU %s; ElasticMQ's own JVM (pid %d) "
              + "on CPU %s; PostgreSQL (postmaster pid %d) on CPU %s", Pinning.allowedCpus(ProcessHandle.current().pid()),
          sqs.pid(), Pinning.allowedCpus(sqs.pid()), postmaster.get().pid(), Pinning.allowedCpus(postmaster.get().pid()));
    } else {
      description = "isolated, not pinned (" + (pinning.pins() ? "taskset failed on a process"
          : "needs Linux, taskset and two online CPUs, or --runner-cpu was none")
          + "): ElasticMQ in its own JVM, PostgreSQL in its own processes, sharing the CPUs with this JVM";
    }
    return new IsolatedServers(sqs, endpoint, postgres, postmaster, new BenchReport.Isolation(true, pinned,
        pinned ? pinning.runnerCpu() : null, pinned ? pinning.otherCpus() : null, description));
  }

  /**
   * For servers the user started ({@code --sqs-endpoint}, {@code --jdbc-url}): pins only this JVM to
   * the runner's CPU; placing the servers on other CPUs is the user's part.
   */
  public static BenchReport.Isolation pinThisJvm(Integer runnerCpu) {
    Pinning pinning = pinning(runnerCpu);
    boolean pinned = pinning.pinThisProcessToRunnerCpu();
    return new BenchReport.Isolation(true, pinned, pinned ? pinning.runnerCpu() : null, pinned ? pinning.otherCpus() : null,
        pinned ? "servers given by the user, in processes of their own (not moved: pin them to CPU " + pinning.otherCpus()
            + " yourself); this JVM (the runner) on CPU " + Pinning.allowedCpus(ProcessHandle.current().pid())
            : "servers given by the user; this JVM not pinned (needs Linux, taskset and two online CPUs)");
  }

  private static Pinning pinning(Integer runnerCpu) {
    return runnerCpu != null && runnerCpu == ColdRuns.Plan.NO_PINNING ? Pinning.NONE : Pinning.detect(runnerCpu);
  }

  /** Client settings for the queue server. */
  public SqsClientConfig sqsClient() {
    return SqsClientConfig.defaults().withEndpoint(sqsEndpoint).withRegion("us-east-1")
        .withCredentials(SqsCredentials.local());
  }

  /** The JDBC URL of PostgreSQL's {@code postgres} database (user postgres, no password). */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** The servers' processes, for measuring their CPU: ElasticMQ's JVM and the postmaster (with its backends). */
  ServerCpu serverCpu() {
    Map<String, Long> pids = new HashMap<>();
    pids.put("sqs-server", sqs.pid());
    postmaster.ifPresent(process -> pids.put("postgresql", process.pid()));
    return new ServerCpu(pids);
  }

  /** What ran where, for the report. */
  public BenchReport.Isolation isolation() {
    return isolation;
  }

  /** Stops both servers. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop(sqs);
    } finally {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new EtlException("could not stop the embedded PostgreSQL cleanly: " + e.getMessage(), e);
      }
    }
  }

  private static Process startSqs(Path labJar, Pinning pinning) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        SQS_HEAP, "-cp", labJar.toString(), SqsServerMain.class.getName()));
    try {
      return new ProcessBuilder(pinning.wrapOthers(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new EtlException("could not start ElasticMQ's JVM (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
  }

  /** Reads the server's output until it announces its port; then keeps draining it on a daemon thread. */
  private static int awaitPort(Process sqs) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(sqs.getInputStream(), StandardCharsets.UTF_8));
    Deque<String> tail = new ArrayDeque<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith(SqsServerMain.READY)) {
        Thread drain = new Thread(() -> {
          try {
            while (lines.readLine() != null) {
              // ElasticMQ's warnings, if any: not the benchmark's output.
            }
          } catch (IOException e) {
            // The server ended.
          }
        }, "loginetl-bench-sqs-output");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring(SqsServerMain.READY.length()).strip());
      }
      tail.addLast(line);
      if (tail.size() > 20) {
        tail.removeFirst();
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    throw new IOException("ElasticMQ's JVM ended or did not announce its port; its last output: " + String.join(" | ", tail));
  }

  /** Pid of the postmaster: the parent of a backend serving this JVM. */
  private static Optional<ProcessHandle> postmaster(EmbeddedPostgres postgres) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
      result.next();
      // Asked while the backend lives: it ends with the connection.
      return ProcessHandle.of(result.getLong(1)).flatMap(ProcessHandle::parent);
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  private static void stop(Process process) {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
