package dev.loginetl.postgres;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link RewrapJob} has done so far, or did: counts only, never a mask.
 *
 * @param pendingAtStart rows that held a mask not under the current key when the job started
 * @param rowsExamined rows the job has read and decided on, in committed batches
 * @param rowsUpdated rows it changed
 * @param masksRewrapped masks it re-made under the current key
 * @param masksAlreadyCurrent masks already under the current key when the job started
 * @param oneWaySkipped one-way (HMAC) masks, which cannot be rewrapped and were left as they are
 * @param unrevealableLeft masks that could not be opened and were left as they are
 * @param unrevealableByReason {@code unrevealableLeft} by reason, such as {@code UNKNOWN_KEY}
 * @param batches batches committed
 * @param complete whether the job went through the whole table; false when it was stopped
 */
public record RewrapReport(
    long pendingAtStart,
    long rowsExamined,
    long rowsUpdated,
    long masksRewrapped,
    long masksAlreadyCurrent,
    long oneWaySkipped,
    long unrevealableLeft,
    Map<String, Long> unrevealableByReason,
    long batches,
    boolean complete) {

  public RewrapReport {
    unrevealableByReason = Map.copyOf(unrevealableByReason);
  }

  /**
   * Rows still to examine: an estimate, from the count at the start, which rows written since do
   * not change (they are written under the current key).
   */
  public long remainingEstimate() {
    return complete ? 0 : Math.max(0, pendingAtStart - rowsExamined);
  }

  /** {@code unrevealableByReason}, sorted by reason, for printing. */
  public Map<String, Long> unrevealableByReasonSorted() {
    return new TreeMap<>(unrevealableByReason);
  }
}
