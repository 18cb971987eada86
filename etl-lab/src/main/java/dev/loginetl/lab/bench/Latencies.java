package dev.loginetl.lab.bench;

import java.util.Arrays;

/** A growing list of latencies in milliseconds. Thread-safe. */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long[] more) {
    if (size + more.length > values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
    }
    System.arraycopy(more, 0, values, size, more.length);
    size += more.length;
  }

  /** p50, p99 and max; null when nothing was recorded. */
  synchronized BenchReport.Latency summary() {
    if (size == 0) {
      return null;
    }
    long[] copy = Arrays.copyOf(values, size);
    long p50 = Stats.percentile(copy, 50);
    long p99 = Stats.percentile(copy, 99);
    return new BenchReport.Latency(size, p50, p99, copy[copy.length - 1]);
  }
}
