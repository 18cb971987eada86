package dev.loginetl.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlicesTest {

  @Test
  void cutsWhereTheNextItemWouldPassTheBudget() {
    List<Integer> weights = List.of(3, 3, 3, 1, 5, 2);

    List<List<Integer>> slices = Slices.of(weights, w -> w, 7);

    assertThat(slices).containsExactly(List.of(3, 3), List.of(3, 1), List.of(5, 2));
  }

  @Test
  void anItemHeavierThanTheBudgetIsASliceOfItsOwn() {
    List<Integer> weights = List.of(1, 50, 1, 1);

    List<List<Integer>> slices = Slices.of(weights, w -> w, 10);

    assertThat(slices).containsExactly(List.of(1), List.of(50), List.of(1, 1));
  }

  @Test
  void keepsEveryItemOnceInOrder() {
    List<Integer> weights = List.of(4, 4, 4, 4, 4, 4, 4);

    List<List<Integer>> slices = Slices.of(weights, w -> w, 8);

    assertThat(slices.stream().flatMap(List::stream).toList()).isEqualTo(weights);
    assertThat(slices).hasSize(4);
  }

  @Test
  void anEmptyListHasNoSlice() {
    assertThat(Slices.of(List.<Integer>of(), w -> w, 8)).isEmpty();
  }
}
