package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A message as a {@link dev.loginetl.core.port.MessageSource} delivered it, before any rule ran.
 *
 * <p>The body may hold personal data, so {@link #toString()} never prints it.
 *
 * @param messageId the source's id of the message; stable across redeliveries of the same message
 * @param body the body exactly as received
 * @param sentTimestamp when the producer sent it; {@code null} when the source does not say
 * @param receiveCount how many times the source has delivered it, this time included (at least 1)
 * @param handle the source's opaque token for acknowledging this delivery; meaningful only to the
 *     source that made it
 */
public record ReceivedMessage(
    String messageId, String body, Instant sentTimestamp, int receiveCount, Object handle) {

  public ReceivedMessage {
    requireNonNull(messageId, "messageId");
    requireNonNull(body, "body");
    requireNonNull(handle, "handle");
    if (messageId.isEmpty()) {
      throw new IllegalArgumentException("messageId must not be empty");
    }
    if (receiveCount < 1) {
      throw new IllegalArgumentException("receiveCount must be at least 1, was " + receiveCount);
    }
  }

  /** The sent timestamp, when the source gave one. */
  public Optional<Instant> sent() {
    return Optional.ofNullable(sentTimestamp);
  }

  @Override
  public String toString() {
    return "ReceivedMessage[messageId=" + messageId + ", bodyLength=" + body.length()
        + ", sentTimestamp=" + sentTimestamp + ", receiveCount=" + receiveCount + "]";
  }
}
