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
  private final LongAdder ignoredFields = new LongAdder();
  private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

  /** What one commit stored, for the listeners. */
  record Commit(BatchReport report, List<RejectedMessage> newlyRejected) {}

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

  /** Counts a committed batch, given what the sink said of its write. */
  Commit committed(Batch batch, WriteResult result, Duration commitDuration, Instant committedAt) {
    Map<String, Work> firstCopies = batch.firstCopies;
    Set<String> present = result.alreadyPresent();
    Set<String> refused = new HashSet<>();
    Map<RejectReason, Integer> rejectedNow = new EnumMap<>(RejectReason.class);
    List<RejectedMessage> newlyRejected = new ArrayList<>();
    for (Rejection rejection : result.refused()) {
      refused.add(rejection.messageId());
      rejectedNow.merge(rejection.reason(), 1, Integer::sum);
      Work work = firstCopies.get(rejection.messageId());
      if (work != null) {
        newlyRejected.add(new RejectedMessage(work.message, rejection));
      }
    }
    int loadedNow = 0;
    int ignoredNow = 0;
    List<Instant> sent = new ArrayList<>();
    for (Work work : firstCopies.values()) {
      String id = work.outcome.messageId();
      if (present.contains(id) || refused.contains(id)) {
        continue;
      }
      if (work.outcome instanceof Outcome.Parsed parsed) {
        loadedNow++;
        ignoredNow += parsed.ignoredFields();
      } else {
        Rejection rejection = ((Outcome.Rejected) work.outcome).rejection();
        rejectedNow.merge(rejection.reason(), 1, Integer::sum);
        newlyRejected.add(new RejectedMessage(work.message, rejection));
      }
      if (work.message.sentTimestamp() != null) {
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
    return new Commit(report, List.copyOf(newlyRejected));
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
        received.sum(), loaded.sum(), byReason, duplicates.sum(), acknowledged.sum(), ignoredFields.sum(), failure);
  }
}
