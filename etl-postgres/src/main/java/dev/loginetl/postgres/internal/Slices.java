package dev.loginetl.postgres.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Cuts a list into consecutive slices of bounded weight, for statements of bounded size. */
public final class Slices {
  private Slices() {}

  /**
   * The items in order, cut into consecutive slices that each weigh at most {@code budget}, except
   * that an item heavier than the budget is a slice of its own. An empty list gives no slice.
   *
   * @return views of {@code items}; each holds at least one item
   */
  public static <T> List<List<T>> of(List<T> items, ToIntFunction<T> weight, long budget) {
    List<List<T>> slices = new ArrayList<>();
    int start = 0;
    long weighed = 0;
    for (int i = 0; i < items.size(); i++) {
      long next = weight.applyAsInt(items.get(i));
      if (i > start && weighed + next > budget) {
        slices.add(items.subList(start, i));
        start = i;
        weighed = 0;
      }
      weighed += next;
    }
    if (start < items.size()) {
      slices.add(items.subList(start, items.size()));
    }
    return slices;
  }
}
