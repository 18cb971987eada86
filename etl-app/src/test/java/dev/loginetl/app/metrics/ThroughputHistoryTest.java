package dev.loginetl.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.app.metrics.ThroughputHistory.Count;
import dev.loginetl.app.metrics.ThroughputHistory.Second;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputHistoryTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000_500L);

  @Test
  void countsLandInTheSecondTheyHappenedAndTheCurrentSecondIsNotShown() {
    ThroughputHistory history = new ThroughputHistory(10, now::get);
    history.add(Count.RECEIVED, 10);
    history.add(Count.RECEIVED, 5);
    history.add(Count.LOADED, 7);
    now.addAndGet(1_000);
    history.add(Count.REJECTED, 2);
    history.add(Count.DELETED, 9);

    assertThat(history.lastSeconds()).containsExactly(new Second(1_000_000_000L, 15, 7, 0, 0));

    now.addAndGet(2_000);
    assertThat(history.lastSeconds()).containsExactly(
        new Second(1_000_000_000L, 15, 7, 0, 0),
        new Second(1_000_000_001L, 0, 0, 2, 9),
        new Second(1_000_000_002L, 0, 0, 0, 0));
  }

  @Test
  void keepsOnlyTheWindowAndReusesItsBuckets() {
    ThroughputHistory history = new ThroughputHistory(5, now::get);
    for (int second = 0; second < 12; second++) {
      history.add(Count.RECEIVED, second + 1);
      now.addAndGet(1_000);
    }

    assertThat(history.lastSeconds()).extracting(Second::received).containsExactly(9L, 10L, 11L, 12L);
    assertThat(history.lastSeconds()).extracting(Second::epochSecond)
        .containsExactly(1_000_000_008L, 1_000_000_009L, 1_000_000_010L, 1_000_000_011L);
  }

  @Test
  void aSecondLongGoneReadsAsZeroNotAsTheOldCountInItsBucket() {
    ThroughputHistory history = new ThroughputHistory(3, now::get);
    history.add(Count.LOADED, 100);
    now.addAndGet(4_000); // the same bucket again (4 mod 3 is 1 second on), never written since

    assertThat(history.lastSeconds()).extracting(Second::loaded).containsOnly(0L).hasSize(2);
  }

  @Test
  void refusesAWindowTooShortToShowAWholeSecond() {
    assertThatThrownBy(() -> new ThroughputHistory(1, now::get)).isInstanceOf(IllegalArgumentException.class);
  }
}
