package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

/**
 * A message whose rejection is committed, with the delivery it came from. The message's body is
 * the original, personal data included: hand it only to a store as protected as the source queue (a
 * dead-letter queue, see {@link dev.loginetl.core.port.RejectionForwarder}), never to a log. {@link
 * #toString()} prints neither.
 *
 * @param message the delivery, never null
 * @param rejection its committed rejection, never null; {@link Rejection#messageId()} is the
 *     message's idempotency key
 */
public record RejectedMessage(ReceivedMessage message, Rejection rejection) {
  public RejectedMessage {
    requireNonNull(message, "message");
    requireNonNull(rejection, "rejection");
  }
}
