package dev.loginetl.app.metrics;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The answer of {@code /health}: the checks, asked in order on a thread of their own, at most once
 * per interval; every probe in between, and every probe that comes while they run, shares that
 * run's result. A probe waits for a run in progress up to a bound, then is told which check has not
 * answered. So probes, however many, make at most one call to each dependency per interval, and
 * never tie up a thread that serves {@code /metrics} for longer than the bound.
 *
 * <p>Thread-safe. {@link #close()} stops the checks' thread (interrupting a check that runs);
 * idempotent.
 */
final class SharedHealth implements AutoCloseable {
  private final Map<String, HealthCheck> checks;
  private final long intervalNanos;
  private final Duration wait;
  private final ExecutorService thread;
  /** The check being asked, for a probe that cannot wait for it; null between runs. */
  private volatile String asking;
  /** The notes of the last run that finished. */
  private volatile String notes = "";
  /** The last run, done or in progress; null before the first. Guarded by this. */
  private CompletableFuture<String> last;
  /** When the last run started (System.nanoTime). Guarded by this. */
  private long lastStart;

  /**
   * @param checks named checks, asked in this order
   * @param interval the least time between the starts of two runs; zero runs them for every probe
   *     that finds no run in progress
   * @param wait how long a probe waits for a run in progress
   */
  SharedHealth(Map<String, HealthCheck> checks, Duration interval, Duration wait) {
    this.checks = new LinkedHashMap<>(checks);
    this.intervalNanos = interval.toNanos();
    this.wait = wait;
    this.thread = Executors.newSingleThreadExecutor(
        new ThreadFactoryBuilder().setNameFormat("loginetl-health").setDaemon(true).build());
  }

  /**
   * One line ({@code name: problem}) per failing check, from the last run or the one this call
   * starts; empty when every check passes.
   *
   * @throws InterruptedException when interrupted while waiting for a run
   */
  Optional<String> problems() throws InterruptedException {
    CompletableFuture<String> run;
    synchronized (this) {
      long now = System.nanoTime();
      if (last == null || (last.isDone() && now - lastStart >= intervalNanos)) {
        try {
          last = CompletableFuture.supplyAsync(this::ask, thread);
        } catch (RejectedExecutionException closed) {
          return Optional.of("health: the server is stopping\n");
        }
        lastStart = now;
      }
      run = last;
    }
    try {
      String problems = run.get(wait.toNanos(), TimeUnit.NANOSECONDS);
      return problems.isEmpty() ? Optional.empty() : Optional.of(problems);
    } catch (TimeoutException e) {
      String name = asking;
      return Optional.of((name == null ? "health" : name) + ": no answer within " + seconds(wait) + "\n");
    } catch (ExecutionException e) {
      return Optional.of("health: the checks failed: " + e.getCause().getClass().getSimpleName() + "\n");
    }
  }

  /**
   * One line ({@code name: note}) per check with a note, from the last run that finished; empty for
   * none. Notes never fail {@code /health}.
   */
  String notes() {
    return notes;
  }

  /** Asks every check, in order; on the checks' thread. */
  private String ask() {
    StringBuilder problems = new StringBuilder();
    StringBuilder notes = new StringBuilder();
    try {
      checks.forEach((name, check) -> {
        asking = name;
        Optional<String> problem;
        Optional<String> note;
        try {
          problem = check.problem();
          note = check.note();
        } catch (RuntimeException e) {
          problem = Optional.of("the check failed: " + e.getClass().getSimpleName());
          note = Optional.empty();
        }
        problem.ifPresent(p -> problems.append(name).append(": ").append(p).append('\n'));
        note.ifPresent(n -> notes.append(name).append(": ").append(n).append('\n'));
      });
    } finally {
      asking = null;
    }
    this.notes = notes.toString();
    return problems.toString();
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
