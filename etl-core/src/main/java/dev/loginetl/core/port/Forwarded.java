package dev.loginetl.core.port;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.RejectedMessage;
import java.util.List;

/**
 * What a {@link RejectionForwarder#forward} call kept: every message given, except those in {@link
 * #unkept()}, which the destination refused as such and which must stay on the source queue.
 *
 * @param unkept the messages not stored at the destination, in the order given; never null
 */
public record Forwarded(List<Unkept> unkept) {
  private static final Forwarded ALL = new Forwarded(List.of());

  public Forwarded {
    unkept = List.copyOf(unkept);
  }

  /** Every message given is stored. */
  public static Forwarded all() {
    return ALL;
  }

  /**
   * A message the destination refused.
   *
   * @param message the message, never null; its body holds personal data: {@link #toString()}
   *     prints only its idempotency key
   * @param code why, as the destination's error code (such as {@code BatchRequestTooLong}): never
   *     null, never anything taken from the body
   */
  public record Unkept(RejectedMessage message, String code) {
    public Unkept {
      requireNonNull(message, "message");
      requireNonNull(code, "code");
    }

    /** The idempotency key of the message. */
    public String messageId() {
      return message.rejection().messageId();
    }

    @Override
    public String toString() {
      return "Unkept[messageId=" + messageId() + ", code=" + code + "]";
    }
  }
}
