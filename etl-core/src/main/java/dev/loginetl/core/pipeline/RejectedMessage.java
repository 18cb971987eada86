package dev.loginetl.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.Rejection;

/**
 * A message whose rejection was just committed, with the delivery it came from. The message's body
 * is the original, personal data included: hand it only to a store as protected as the source
 * queue (a dead-letter queue), never to a log.
 */
public record RejectedMessage(ReceivedMessage message, Rejection rejection) {
  public RejectedMessage {
    requireNonNull(message, "message");
    requireNonNull(rejection, "rejection");
  }
}
