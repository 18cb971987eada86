package dev.loginetl.lab.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles for benchmark figures. Stateless; thread-safe. */
public final class Stats {
  private Stats() {}

  /**
   * The median of {@code values}: the middle one, or the mean of the two middle ones.
   *
   * @throws IllegalArgumentException when {@code values} is empty
   */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the median of no values is undefined");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /**
   * The {@code p}-th percentile of {@code values} by the nearest-rank method: the smallest value
   * with at least {@code p}% of the values at or below it. Sorts {@code values} in place.
   *
   * @param p from 0 (exclusive) to 100 (inclusive)
   * @throws IllegalArgumentException when {@code values} is empty or {@code p} is out of range
   */
  public static long percentile(long[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("the percentile of no values is undefined");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("the percentile must be above 0 and at most 100, was " + p);
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100.0 * values.length);
    return values[Math.max(0, rank - 1)];
  }
}
