package dev.loginetl.app.job;

import dev.loginetl.postgres.PostgresSchema;

/**
 * How many database connections the runner opens, the figures a deployment budgets for (the Helm
 * chart's {@code database.connectionBudget} check counts the same). Stateless.
 */
public final class RunnerConnections {
  /** The most connections {@code loginetl migrate} holds at once. */
  public static final int MIGRATION = PostgresSchema.MIGRATION_CONNECTIONS;

  private RunnerConnections() {}

  /** The sink's pool for {@code writers} writers: one connection each, and one more. */
  public static int pool(int writers) {
    return writers + 1;
  }

  /**
   * The most connections a running {@code loginetl run} holds at once: its pool, one for {@code
   * /health}'s database check, which runs once at a time however many probes ask, and one for the
   * daily making of partitions ahead ({@link PartitionUpkeep}). Its own migration at start holds at
   * most {@link #MIGRATION}, before the pool opens, which is not more.
   */
  public static int perRunner(int writers) {
    return Math.max(pool(writers) + 2, MIGRATION);
  }
}
