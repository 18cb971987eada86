package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(5.0))).isEqualTo(5.0);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void percentileIsTheNearestRank() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i; // 100 down to 1
    }
    assertThat(Stats.percentile(values.clone(), 50)).isEqualTo(50);
    assertThat(Stats.percentile(values.clone(), 99)).isEqualTo(99);
    assertThat(Stats.percentile(values.clone(), 100)).isEqualTo(100);
    assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
    assertThat(Stats.percentile(new long[] {1, 2, 3}, 50)).isEqualTo(2);
  }

  @Test
  void refusesEmptyInputAndPercentilesOutOfRange() {
    assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void latenciesSummariseAcrossBatches() {
    Latencies latencies = new Latencies();
    assertThat(latencies.summary()).isNull();
    for (int batch = 0; batch < 10; batch++) {
      long[] values = new long[200];
      for (int i = 0; i < values.length; i++) {
        values[i] = batch * 200 + i + 1; // 1..2000 over all batches
      }
      latencies.add(values);
    }
    assertThat(latencies.summary()).isEqualTo(new BenchReport.Latency(2000, 1000, 1980, 2000));
  }
}
