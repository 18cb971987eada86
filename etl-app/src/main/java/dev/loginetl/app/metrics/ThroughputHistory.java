package dev.loginetl.app.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A ring buffer of per-second counts over the last few minutes: deliveries received, rows loaded,
 * rejections written and deliveries deleted, for the status page's throughput chart. Counts only;
 * nothing from a message.
 *
 * <p>Memory is fixed at construction ({@code seconds} buckets); a bucket is reused once its second
 * has left the window. Thread-safe: {@link #add} is called from the pipeline's threads, once per
 * batch, and {@link #lastSeconds()} from the status page's.
 */
public final class ThroughputHistory {
  /** What is counted. */
  public enum Count { RECEIVED, LOADED, REJECTED, DELETED }

  /**
   * One whole second's counts.
   *
   * @param epochSecond the second, in seconds since the epoch
   */
  public record Second(long epochSecond, long received, long loaded, long rejected, long deleted) {}

  private static final int KINDS = Count.values().length;

  private final LongSupplier clockMillis;
  private final long[] stamps;
  private final long[][] counts;
  private final long firstSecond;

  /**
   * A history of the last {@code seconds} seconds, starting now.
   *
   * @param clockMillis the time in milliseconds since the epoch ({@code System::currentTimeMillis})
   */
  public ThroughputHistory(int seconds, LongSupplier clockMillis) {
    if (seconds < 2) {
      throw new IllegalArgumentException("a throughput history needs at least 2 seconds, was " + seconds);
    }
    this.clockMillis = clockMillis;
    this.stamps = new long[seconds];
    this.counts = new long[seconds][KINDS];
    this.firstSecond = Math.floorDiv(clockMillis.getAsLong(), 1000);
    Arrays.fill(stamps, Long.MIN_VALUE);
  }

  /** Adds {@code n} to the current second's count of {@code count}. */
  public void add(Count count, long n) {
    long second = Math.floorDiv(clockMillis.getAsLong(), 1000);
    synchronized (this) {
      int slot = slot(second);
      if (stamps[slot] != second) {
        stamps[slot] = second;
        Arrays.fill(counts[slot], 0);
      }
      counts[slot][count.ordinal()] += n;
    }
  }

  /**
   * The whole seconds of the window, oldest first, up to the second before this one (still
   * counting): at most {@code seconds - 1} of them, and none from before the history began. A second
   * with nothing counted is there with zeros.
   */
  public List<Second> lastSeconds() {
    long now = Math.floorDiv(clockMillis.getAsLong(), 1000);
    long from = Math.max(firstSecond, now - stamps.length + 1);
    List<Second> seconds = new ArrayList<>((int) Math.max(0, now - from));
    synchronized (this) {
      for (long second = from; second < now; second++) {
        int slot = slot(second);
        long[] c = stamps[slot] == second ? counts[slot] : new long[KINDS];
        seconds.add(new Second(second, c[0], c[1], c[2], c[3]));
      }
    }
    return seconds;
  }

  private int slot(long second) {
    return (int) Math.floorMod(second, (long) stamps.length);
  }
}
