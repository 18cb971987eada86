package dev.loginetl.app.job;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.loginetl.core.EtlException;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.postgres.lifecycle.PartitionGranularity;
import dev.loginetl.postgres.lifecycle.Partitions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's create-ahead step: makes the partitions of {@code user_logins} for the current
 * period and the next ones at start, then every {@link #INTERVAL}, on a daemon thread of its own.
 * A failure (a lock not granted in time, the server away) is logged and tried again at the next
 * turn: the default partition takes the rows of any period still missing, so no insert waits for it.
 *
 * <p>Closing stops the thread; idempotent.
 */
public final class PartitionUpkeep implements AutoCloseable {
  /** How often the step runs after the start. */
  public static final Duration INTERVAL = Duration.ofDays(1);

  private static final Logger LOG = LoggerFactory.getLogger(PartitionUpkeep.class);

  private final ScheduledExecutorService executor;

  private PartitionUpkeep(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * The settings of the step.
   *
   * @param granularity how much time a partition covers
   * @param periodsAhead how many periods after the current one to make
   */
  public record Settings(PartitionGranularity granularity, int periodsAhead) {
    public Settings {
      requireNonNull(granularity, "granularity");
      if (periodsAhead < 0 || periodsAhead > 366) {
        throw new IllegalArgumentException(
            "--partitions-ahead is " + periodsAhead + ": it must be between 0 and 366");
      }
    }

    /** Monthly partitions, {@value Partitions#DEFAULT_PERIODS_AHEAD} months ahead. */
    public static Settings defaults() {
      return new Settings(PartitionGranularity.MONTH, Partitions.DEFAULT_PERIODS_AHEAD);
    }
  }

  /**
   * Runs the step once now, on the caller's thread, and says once when the table is not
   * partitioned; then schedules it every {@link #INTERVAL}.
   */
  public static PartitionUpkeep start(PostgresConfig database, Settings settings, Clock clock) {
    if (!once(database, settings, clock)) {
      return new PartitionUpkeep(null);
    }
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("loginetl-partitions").setDaemon(true).build());
    long every = INTERVAL.toMillis();
    executor.scheduleWithFixedDelay(() -> once(database, settings, clock), every, every, TimeUnit.MILLISECONDS);
    return new PartitionUpkeep(executor);
  }

  /** One turn; false when the table is not partitioned (nothing to keep). */
  static boolean once(PostgresConfig database, Settings settings, Clock clock) {
    try {
      if (!Partitions.isPartitioned(database)) {
        LOG.warn(PostgresSchema.UNPARTITIONED, database.schema());
        return false;
      }
      Partitions.createAhead(database, settings.granularity(), LocalDate.now(clock), settings.periodsAhead());
    } catch (EtlException e) {
      LOG.warn("could not make the next partitions of user_logins now (the default partition takes their rows"
          + " meanwhile); trying again in {}: {}", INTERVAL, e.getMessage());
    }
    return true;
  }

  @Override
  public void close() {
    if (executor != null) {
      MoreExecutors.shutdownAndAwaitTermination(executor, Duration.ofSeconds(10));
    }
  }
}
