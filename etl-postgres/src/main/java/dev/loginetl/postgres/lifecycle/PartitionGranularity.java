package dev.loginetl.postgres.lifecycle;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How much time one partition of {@code user_logins} covers: a UTC day, month or year of {@code create_date}. */
public enum PartitionGranularity {
  DAY("yyyy_MM_dd"),
  MONTH("yyyy_MM"),
  YEAR("yyyy");

  private final DateTimeFormatter suffix;

  PartitionGranularity(String suffixPattern) {
    this.suffix = DateTimeFormatter.ofPattern(suffixPattern, Locale.ROOT);
  }

  /** The first day of the period that holds {@code date}. */
  public LocalDate start(LocalDate date) {
    return switch (this) {
      case DAY -> date;
      case MONTH -> date.withDayOfMonth(1);
      case YEAR -> date.withDayOfYear(1);
    };
  }

  /** The first day of the period after the one that starts on {@code start}. */
  public LocalDate next(LocalDate start) {
    return switch (this) {
      case DAY -> start.plusDays(1);
      case MONTH -> start.plusMonths(1);
      case YEAR -> start.plusYears(1);
    };
  }

  /** The name of the partition of the period starting on {@code start}, such as {@code user_logins_p2026_12}. */
  public String partitionName(String table, LocalDate start) {
    return table + "_p" + suffix.format(start);
  }

  /**
   * The granularity named {@code name} ({@code day}, {@code month}, {@code year}, any case).
   *
   * @throws IllegalArgumentException naming the accepted values otherwise
   */
  public static PartitionGranularity fromName(String name) {
    for (PartitionGranularity g : values()) {
      if (g.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "the partition granularity is '" + name + "': it must be day, month or year");
  }
}
