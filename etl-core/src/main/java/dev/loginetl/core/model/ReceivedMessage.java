package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A message as a {@link dev.loginetl.core.port.MessageSource} delivered it, before any rule ran.
 *
 * <p>The body may hold personal data, so {@link #toString()} never prints it, nor any attribute
 * value (only the attributes' names).
 *
 * @param messageId the source's id of the message; stable across redeliveries of the same message
 * @param body the body exactly as received
 * @param sentTimestamp when the producer sent it; {@code null} when the source does not say
 * @param receiveCount how many times the source has delivered it, this time included (at least 1)
 * @param handle the source's opaque token for acknowledging this delivery; meaningful only to the
 *     source that made it
 * @param attributes the few attributes the source delivered beside the body that the loader reads,
 *     by name, never null (empty for most messages; copied): the {@link
 *     dev.loginetl.core.port.DeadLetterAttributes} of a message forwarded to a dead-letter queue and
 *     sent back, and {@value #GROUP_ID} for a message of a FIFO queue. Values are text as the
 *     producer set it, unchecked: readers validate them ({@link
 *     dev.loginetl.core.port.DeadLetterAttributes#originOf}). A source that knows none leaves it
 *     empty; no other attribute belongs here, and nothing in it may be logged
 */
public record ReceivedMessage(
    String messageId,
    String body,
    Instant sentTimestamp,
    int receiveCount,
    Object handle,
    Map<String, String> attributes) {

  /**
   * The attribute holding the message's group, for a message of a FIFO queue (SQS's {@code
   * MessageGroupId}): messages of one group are delivered in order, one batch in flight at a time.
   */
  public static final String GROUP_ID = "MessageGroupId";

  public ReceivedMessage {
    requireNonNull(messageId, "messageId");
    requireNonNull(body, "body");
    requireNonNull(handle, "handle");
    attributes = Map.copyOf(requireNonNull(attributes, "attributes"));
    if (messageId.isEmpty()) {
      throw new IllegalArgumentException("messageId must not be empty");
    }
    if (receiveCount < 1) {
      throw new IllegalArgumentException("receiveCount must be at least 1, was " + receiveCount);
    }
  }

  /** A message delivered without attributes. */
  public ReceivedMessage(String messageId, String body, Instant sentTimestamp, int receiveCount, Object handle) {
    this(messageId, body, sentTimestamp, receiveCount, handle, Map.of());
  }

  /** The sent timestamp, when the source gave one. */
  public Optional<Instant> sent() {
    return Optional.ofNullable(sentTimestamp);
  }

  /** The value of the attribute {@code name}, when the message carries it. */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  @Override
  public String toString() {
    return "ReceivedMessage[messageId=" + messageId + ", bodyLength=" + body.length()
        + ", sentTimestamp=" + sentTimestamp + ", receiveCount=" + receiveCount
        + (attributes.isEmpty() ? "" : ", attributes=" + new java.util.TreeSet<>(attributes.keySet())) + "]";
  }
}
