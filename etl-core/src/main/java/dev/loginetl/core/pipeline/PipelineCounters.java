package dev.loginetl.core.pipeline;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running totals of a pipeline, and the accounting of each commit: which messages of a batch
 * were new rows, new rejections or duplicates. Thread-safe: totals are adders, read without a lock,
 * so a summary taken while batches commit may be a moment behind.
 */
final class PipelineCounters {
  private final LongAdder received = new LongAdder();
  private final LongAdder loaded = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder forwarded = new LongAdder();
  private final LongAdder ignoredFields = new LongAdder();
  private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

  /**
   * What one commit stored, for the listeners and the dead-letter queue.
   *
   * @param newlyRejected the messages whose rejection this commit stored
   * @param toForward every message of the batch whose key ends as a rejection, stored now or before
   *     (a redelivery after a crash, a row refused again): what is forwarded, so that a message
   *     whose forward did not happen before its rejection was committed is not lost
   */
  record Commit(BatchReport report, List<RejectedMessage> newlyRejected, List<RejectedMessage> toForward) {}

  PipelineCounters() {
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, new LongAdder());
    }
  }

  void received(int messages) {
    received.add(messages);
  }

  void acknowledged(int messages) {
    acknowledged.add(messages);
  }

  void forwarded(int messages) {
    forwarded.add(messages);
  }

  /** Counts a committed batch, given what the sink said of its write. */
  Commit committed(Batch batch, WriteResult result, Duration commitDuration, Instant committedAt) {
    Map<String, Work> firstCopies = batch.firstCopies;
    Set<String> present = result.alreadyPresent();
    Set<String> refused = new HashSet<>();
    Map<RejectReason, Integer> rejectedNow = new EnumMap<>(RejectReason.class);
    List<RejectedMessage> newlyRejected = new ArrayList<>();
    List<RejectedMessage> toForward = new ArrayList<>();
    for (Rejection rejection : result.refused()) {
      refused.add(rejection.messageId());
      Work work = firstCopies.get(rejection.messageId());
      RejectedMessage message = work == null ? null : new RejectedMessage(work.message, rejection);
      if (message != null) {
        toForward.add(message);
      }
      if (!present.contains(rejection.messageId())) {
        rejectedNow.merge(rejection.reason(), 1, Integer::sum);
        if (message != null) {
          newlyRejected.add(message);
        }
      }
    }
    int loadedNow = 0;
    int ignoredNow = 0;
    List<Instant> sent = new ArrayList<>();
    for (Work work : firstCopies.values()) {
      String id = work.outcome.messageId();
      if (refused.contains(id)) {
        continue;
      }
      boolean stored = !present.contains(id);
      if (work.outcome instanceof Outcome.Rejected outcome) {
        RejectedMessage message = new RejectedMessage(work.message, outcome.rejection());
        toForward.add(message);
        if (stored) {
          rejectedNow.merge(outcome.rejection().reason(), 1, Integer::sum);
          newlyRejected.add(message);
        }
      } else if (stored) {
        loadedNow++;
        ignoredNow += ((Outcome.Parsed) work.outcome).ignoredFields();
      }
      if (stored && work.message.sentTimestamp() != null) {
        sent.add(work.message.sentTimestamp());
      }
    }
    int duplicatesNow = present.size() + batch.copies;
    loaded.add(loadedNow);
    ignoredFields.add(ignoredNow);
    duplicates.add(duplicatesNow);
    rejectedNow.forEach((reason, count) -> rejected.get(reason).add(count));
    BatchReport report =
        new BatchReport(loadedNow, rejectedNow, duplicatesNow, ignoredNow, commitDuration, sent, committedAt);
    return new Commit(report, List.copyOf(newlyRejected), List.copyOf(toForward));
  }

  /** The totals so far, with {@code failure} (nullable) as the run's failure. */
  PipelineSummary summary(EtlException failure) {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    rejected.forEach((reason, count) -> {
      long value = count.sum();
      if (value > 0) {
        byReason.put(reason, value);
      }
    });
    return new PipelineSummary(
        received.sum(), loaded.sum(), byReason, duplicates.sum(), acknowledged.sum(), ignoredFields.sum(),
        forwarded.sum(), failure);
  }
}
