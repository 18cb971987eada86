package dev.loginetl.core.pipeline;

import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;

/**
 * One delivered message on its way through the pipeline, with what the transform made of it.
 * Identity matters (a message delivered twice is two works): no equals. Its fields are final but
 * {@link #lastHiddenNanos}, which only the visibility extender writes.
 */
final class Work {
  final ReceivedMessage message;
  final Outcome outcome;
  /** When the source last hid the message, by {@link System#nanoTime()}. */
  volatile long lastHiddenNanos;

  Work(ReceivedMessage message, Outcome outcome, long receivedNanos) {
    this.message = message;
    this.outcome = outcome;
    this.lastHiddenNanos = receivedNanos;
  }
}
