package dev.loginetl.postgres.lifecycle;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * What a retention run removes, or removed: every row of {@code user_logins} whose {@code
 * create_date} is before {@code cutoff}, and the resolved rejections rejected before it.
 *
 * @param cutoff the first date kept
 * @param steps one per partition (or per table, when {@code user_logins} is not partitioned) that
 *     holds rows to remove, in order
 * @param resolvedRejections how many resolved rejections rejected before the cutoff
 */
public record RetentionPlan(LocalDate cutoff, List<Step> steps, long resolvedRejections) {
  public RetentionPlan {
    requireNonNull(cutoff, "cutoff");
    steps = List.copyOf(steps);
  }

  /** How a partition's old rows go: the whole partition, or only its rows before the cutoff. */
  public enum Action { DROP_PARTITION, DELETE_ROWS }

  /** One partition (or table) and how many of its rows go. */
  public record Step(String table, Action action, long rows) {
    public Step {
      requireNonNull(table, "table");
      requireNonNull(action, "action");
    }
  }

  /** The rows of {@code user_logins} removed, over all steps. */
  public long rows() {
    return steps.stream().mapToLong(Step::rows).sum();
  }

  /** The partitions dropped whole. */
  public List<String> partitionsDropped() {
    return steps.stream().filter(s -> s.action() == Action.DROP_PARTITION).map(Step::table).toList();
  }
}
