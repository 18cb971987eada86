package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.loginetl.core.pipeline.ReceiverScaler.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** Synthetic windows of 250 ms, in which receivers each take 10 messages per receive. */
class ReceiverScalerTest {
  private static final long WINDOW_NANOS = 250_000_000L;

  /** A window at {@code ratePerSecond}, every receive full. */
  private static Window full(double ratePerSecond) {
    long messages = Math.round(ratePerSecond * WINDOW_NANOS / 1e9);
    long receives = Math.max(1, messages / 10);
    return new Window(receives, receives, 0, messages, 0, WINDOW_NANOS);
  }

  /** Feeds windows whose rate is {@code rate} of the current count; returns the counts after each. */
  private static List<Integer> run(ReceiverScaler scaler, int windows, IntUnaryOperator rate) {
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      counts.add(scaler.next(full(rate.applyAsInt(scaler.receivers()))).receivers());
    }
    return counts;
  }

  @Test
  void growsWhileReceivesAreFullAndEachStepRaisesTheRate() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);

    // At a long round trip the rate is proportional to the receivers.
    List<Integer> counts = run(scaler, 8, n -> 330 * n);

    assertThat(counts.subList(0, 6)).containsExactly(6, 9, 14, 21, 32, 32);
    assertThat(counts).allMatch(n -> n <= 32);
  }

  @Test
  void stepsBackAfterAStepThatDidNotRaiseTheRateAndHoldsBeforeProbingAgain() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);

    // The rate stops rising at 9 receivers: the step to 14 is undone.
    List<Integer> counts = run(scaler, 4 + ReceiverScaler.HOLD_WINDOWS + 2, n -> 1_000 * Math.min(n, 9));

    assertThat(counts.subList(0, 4)).containsExactly(6, 9, 14, 9);
    assertThat(counts.subList(4, 4 + ReceiverScaler.HOLD_WINDOWS - 1)).as("holding").containsOnly(9);
    assertThat(counts.get(4 + ReceiverScaler.HOLD_WINDOWS - 1)).as("probes again").isEqualTo(14);
    assertThat(counts.get(4 + ReceiverScaler.HOLD_WINDOWS)).isEqualTo(9);
  }

  @Test
  void holdsLongerAfterEachFailedProbeInARow() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);

    List<Integer> counts = run(scaler, 200, n -> 8_000);

    List<Integer> probes = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      if (counts.get(i) > 4) {
        probes.add(i);
      }
    }
    assertThat(counts).containsOnly(4, 6);
    assertThat(probes.get(1) - probes.get(0)).isEqualTo(ReceiverScaler.HOLD_WINDOWS + 1);
    assertThat(probes.get(2) - probes.get(1)).isEqualTo(2 * ReceiverScaler.HOLD_WINDOWS + 1);
    assertThat(probes.get(probes.size() - 1) - probes.get(probes.size() - 2))
        .isEqualTo(ReceiverScaler.MAX_HOLD_WINDOWS + 1);
  }

  @Test
  void stepsBackWhenMoreReceiversCostMoreThanTheyBring() {
    // One busy machine: every receiver added slows the others.
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);

    List<Integer> counts = run(scaler, 2, n -> 10_000 - 200 * n);

    assertThat(counts).containsExactly(6, 4);
  }

  @Test
  void dropsWhenReceivesComeBackEmpty() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 32);
    List<Integer> counts = new ArrayList<>();

    for (int i = 0; i < 12; i++) {
      counts.add(scaler.next(new Window(40, 0, 30, 20, 0, WINDOW_NANOS)).receivers());
    }

    assertThat(counts).startsWith(24, 18, 14, 11).isSortedAccordingTo((a, b) -> b - a).endsWith(2, 2);
  }

  @Test
  void dropsWhenWaitingForInFlightRoomDominates() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 16);
    List<Integer> counts = new ArrayList<>();

    for (int i = 0; i < 12; i++) {
      long waited = (long) (0.8 * scaler.receivers() * WINDOW_NANOS);
      // So few receives that the window would be too small to judge by them alone.
      counts.add(scaler.next(new Window(3, 3, 0, 30, waited, WINDOW_NANOS)).receivers());
    }

    assertThat(counts).startsWith(12, 9, 7).endsWith(2, 2);
  }

  @Test
  void doesNotGrowWhileReceiversOftenWaitForRoom() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);

    for (int i = 0; i < 20; i++) {
      long waited = (long) (0.3 * scaler.receivers() * WINDOW_NANOS);
      assertThat(scaler.next(new Window(100, 100, 0, 1_000, waited, WINDOW_NANOS)).receivers()).isEqualTo(4);
    }
  }

  @Test
  void doesNotGrowOnReceivesThatComeBackPartlyFull() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);

    for (int i = 0; i < 20; i++) {
      assertThat(scaler.next(new Window(100, 50, 10, 600, 0, WINDOW_NANOS)).receivers()).isEqualTo(4);
    }
  }

  @Test
  void gathersWindowsWithTooFewReceivesIntoOneDecision() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);
    Window few = new Window(4, 4, 0, 40, 0, WINDOW_NANOS);

    assertThat(scaler.next(few).receivers()).isEqualTo(4);
    assertThat(scaler.next(few).receivers()).isEqualTo(4);
    assertThat(scaler.next(few).receivers()).as("12 receives, all full").isEqualTo(6);
  }

  @Test
  void judgesALongWindowWithoutReceivesAndKeepsItsCount() {
    ReceiverScaler scaler = new ReceiverScaler(2, 32, 4);
    Window none = new Window(0, 0, 0, 0, 0, WINDOW_NANOS);

    for (int i = 0; i < 40; i++) {
      assertThat(scaler.next(none).receivers()).isEqualTo(4);
    }
  }

  @Test
  void neverLeavesItsBounds() {
    Random random = new Random(42);
    for (int trial = 0; trial < 50; trial++) {
      int min = 1 + random.nextInt(4);
      int max = min + random.nextInt(40);
      ReceiverScaler scaler = new ReceiverScaler(min, max, min + random.nextInt(max - min + 1));
      for (int i = 0; i < 300; i++) {
        long receives = random.nextInt(60);
        long empty = random.nextInt((int) receives + 1);
        long fullReceives = random.nextInt((int) (receives - empty) + 1);
        Window window = new Window(receives, fullReceives, empty, fullReceives * 10 + random.nextInt(5),
            (long) (random.nextDouble() * scaler.receivers() * WINDOW_NANOS), WINDOW_NANOS);
        assertThat(scaler.next(window).receivers()).isBetween(min, max);
      }
    }
  }

  @Test
  void aFixedCountNeverChanges() {
    ReceiverScaler scaler = new ReceiverScaler(5, 5, 5);

    assertThat(run(scaler, 20, n -> 1_000 * n)).containsOnly(5);
    for (int i = 0; i < 20; i++) {
      assertThat(scaler.next(new Window(40, 0, 40, 0, WINDOW_NANOS * 5, WINDOW_NANOS)).receivers()).isEqualTo(5);
    }
  }

  @Test
  void rejectsAStartOutsideItsBounds() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ReceiverScaler(2, 8, 9))
        .withMessage("receiver counts must satisfy 1 <= min <= start <= max, were 2, 9, 8");
  }
}
