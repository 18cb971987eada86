package dev.loginetl.lab.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Time spent in one stage (receive, acknowledge, write), summed over the threads that ran it.
 * Thread-safe.
 */
final class StageClock {
  private final LongAdder calls = new LongAdder();
  private final LongAdder items = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  void add(long startNanos, int itemCount) {
    nanos.add(System.nanoTime() - startNanos);
    calls.increment();
    items.add(itemCount);
  }

  BenchReport.Stage snapshot(double wallSeconds) {
    long c = calls.sum();
    double millis = nanos.sum() / 1e6;
    return new BenchReport.Stage(c, items.sum(), Math.round(millis),
        c == 0 ? 0 : round(millis * 1000 / c, 1), wallSeconds <= 0 ? 0 : round(millis / 1000 / wallSeconds, 2));
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
