package dev.loginetl.core.pipeline;

import java.util.Locale;

/**
 * Decides how many receivers an adaptive pipeline runs, from what its receivers did in the last
 * window: hill climbing on the rate of messages received, in the manner of AWS Lambda's SQS
 * pollers.
 *
 * <ul>
 *   <li><b>Up.</b> While receives come back full and receivers seldom wait for in-flight room, it
 *       probes a step up (half as many again, at least one). It keeps a step that raised the rate by
 *       {@value #MIN_GAIN} or more (less for a step shortened by the bound) and tries the next one.
 *   <li><b>Back.</b> A step that did not raise the rate so, or after which receivers waited for
 *       room, is undone, and no step is probed for {@value #HOLD_WINDOWS} windows, twice as long
 *       after each further failure in a row, up to {@value #MAX_HOLD_WINDOWS}.
 *   <li><b>Down.</b> When at least half the receives come back empty, or receivers spend at least
 *       half their time waiting for in-flight room (the writers are the limit), it drops a quarter of
 *       the receivers, at least one.
 * </ul>
 *
 * <p>A window with fewer than {@value #MIN_RECEIVES} receives is added to the next, up to {@link
 * #MAX_WINDOW_NANOS}, so that a decision rests on enough receives at a long round trip. The count
 * never leaves {@code [min, max]}; with {@code min == max} it never changes.
 *
 * <p>Pure: no clock, no threads. Not thread-safe: one control thread feeds it.
 */
final class ReceiverScaler {
  /** What the receivers did over a stretch of time; every figure is a count since the last window. */
  record Window(long receives, long full, long empty, long messages, long roomWaitNanos, long nanos) {
    static final Window NONE = new Window(0, 0, 0, 0, 0, 0);

    Window plus(Window other) {
      return new Window(receives + other.receives, full + other.full, empty + other.empty,
          messages + other.messages, roomWaitNanos + other.roomWaitNanos, nanos + other.nanos);
    }
  }

  /** The count to run now, and why, in a few words for a debug log. */
  record Step(int receivers, String why) {}

  static final int MIN_RECEIVES = 10;
  static final long MAX_WINDOW_NANOS = 5_000_000_000L;
  static final double MIN_GAIN = 0.05;
  static final double FULL_SHARE = 0.8;
  static final double EMPTY_SHARE = 0.5;
  static final double ROOM_BOUND_SHARE = 0.5;
  static final double ROOM_FREE_SHARE = 0.25;
  static final int HOLD_WINDOWS = 8;
  static final int MAX_HOLD_WINDOWS = 32;

  private final int min;
  private final int max;
  private int count;
  private Window pending = Window.NONE;
  private boolean probing;
  private int probedFrom;
  private double rateBeforeProbe;
  private int hold;
  private int holdAfterFailure = HOLD_WINDOWS;

  ReceiverScaler(int min, int max, int start) {
    if (min < 1 || max < min || start < min || start > max) {
      throw new IllegalArgumentException(
          "receiver counts must satisfy 1 <= min <= start <= max, were " + min + ", " + start + ", " + max);
    }
    this.min = min;
    this.max = max;
    this.count = start;
  }

  /** The count it stands at. */
  int receivers() {
    return count;
  }

  /** Takes what the receivers did since the last call and returns the count to run now. */
  Step next(Window window) {
    if (min == max) {
      return stay("fixed");
    }
    pending = pending.plus(window);
    if (pending.nanos() <= 0) {
      return stay("no time passed");
    }
    double roomShare = (double) pending.roomWaitNanos() / ((double) count * pending.nanos());
    boolean roomBound = roomShare >= ROOM_BOUND_SHARE;
    if (!roomBound && pending.receives() < MIN_RECEIVES && pending.nanos() < MAX_WINDOW_NANOS) {
      return stay("too few receives to judge");
    }
    Window w = pending;
    pending = Window.NONE;
    if (hold > 0) {
      hold--;
    }
    double rate = w.messages() * 1e9 / w.nanos();

    if (probing) {
      probing = false;
      double needed = rateBeforeProbe * (1 + requiredGain(probedFrom, count));
      if (roomBound || rate < needed) {
        int tried = count;
        count = probedFrom;
        hold = holdAfterFailure;
        holdAfterFailure = Math.min(2 * holdAfterFailure, MAX_HOLD_WINDOWS);
        return new Step(count, String.format(Locale.ROOT,
            "%d receivers did not help (%.0f msg/s, was %.0f%s); holding %d windows",
            tried, rate, rateBeforeProbe, roomBound ? ", waiting for in-flight room" : "", hold));
      }
      holdAfterFailure = HOLD_WINDOWS;
    }
    if (roomBound) {
      return down("receivers wait for in-flight room");
    }
    if (w.receives() > 0 && w.empty() >= EMPTY_SHARE * w.receives()) {
      return down("receives come back empty");
    }
    if (hold == 0
        && count < max
        && w.receives() >= MIN_RECEIVES
        && w.full() >= FULL_SHARE * w.receives()
        && roomShare < ROOM_FREE_SHARE) {
      probing = true;
      probedFrom = count;
      rateBeforeProbe = rate;
      count = Math.min(max, count + Math.max(1, (count + 1) / 2));
      return new Step(count, String.format(Locale.ROOT,
          "receives come back full at %.0f msg/s; trying more", rate));
    }
    return stay("steady");
  }

  /**
   * The gain a step must bring to be kept: {@value #MIN_GAIN}, or half the step's relative size when
   * the bound made it smaller than that.
   */
  private static double requiredGain(int from, int to) {
    return Math.min(MIN_GAIN, 0.5 * (to - from) / from);
  }

  private Step down(String why) {
    count = Math.max(min, count - Math.max(1, count / 4));
    return new Step(count, why);
  }

  private Step stay(String why) {
    return new Step(count, why);
  }
}
