package dev.loginetl.core.pipeline;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.Rejection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The works a writer gathered, split for the sink: one copy of each idempotency key ({@link
 * Outcome#messageId()}: the source event id, or the SQS message id) is written, while every
 * delivery, copies included (a redelivery, or a duplicate SNS delivery under another SQS message
 * id), is acknowledged. Not thread-safe; owned by one writer.
 */
final class Batch {
  final List<Work> works;
  /** The first copy of each idempotency key, in batch order. */
  final Map<String, Work> firstCopies = new LinkedHashMap<>();
  final List<LoginRow> rows = new ArrayList<>();
  final List<Rejection> rejections = new ArrayList<>();
  /** Deliveries of a key already in the batch, left out of the write. */
  final int copies;

  Batch(List<Work> works) {
    this.works = works;
    int copies = 0;
    for (Work work : works) {
      if (firstCopies.putIfAbsent(work.outcome.messageId(), work) != null) {
        copies++;
      } else if (work.outcome instanceof Outcome.Parsed parsed) {
        rows.add(parsed.row());
      } else {
        rejections.add(((Outcome.Rejected) work.outcome).rejection());
      }
    }
    this.copies = copies;
  }

  /** Every delivery in the batch, for acknowledging. */
  List<ReceivedMessage> deliveries() {
    List<ReceivedMessage> messages = new ArrayList<>(works.size());
    for (Work work : works) {
      messages.add(work.message);
    }
    return messages;
  }
}
