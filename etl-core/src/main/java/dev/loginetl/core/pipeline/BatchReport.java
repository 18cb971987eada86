package dev.loginetl.core.pipeline;

import dev.loginetl.core.model.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one committed batch did.
 *
 * @param loaded rows newly written
 * @param rejected rejections newly written, by reason (refused rows included)
 * @param duplicates messages that were already stored, or held twice in the batch
 * @param ignoredFields fields no rule reads, summed over the batch's new rows
 * @param commitDuration how long the sink took, retries included
 * @param sentTimestamps when each newly stored message was sent, where the source said
 * @param committedAt when the commit returned
 */
public record BatchReport(
    int loaded,
    Map<RejectReason, Integer> rejected,
    int duplicates,
    int ignoredFields,
    Duration commitDuration,
    List<Instant> sentTimestamps,
    Instant committedAt) {

  public BatchReport {
    rejected = Map.copyOf(rejected);
    sentTimestamps = List.copyOf(sentTimestamps);
  }

  /** Rejections newly written, all reasons together. */
  public int rejectedTotal() {
    return rejected.values().stream().mapToInt(Integer::intValue).sum();
  }
}
