package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

/**
 * A message that did not become a row, recorded so that nothing is lost.
 *
 * @param messageId the idempotency key: a message id is recorded at most once
 * @param reason machine-readable
 * @param detail one human sentence naming the field and the rule; never holds personal data
 * @param redactedBody the body with its personal data masked (see {@link
 *     dev.loginetl.core.transform.BodyRedactor}); never holds {@code ip} or {@code device_id} in
 *     clear
 */
public record Rejection(String messageId, RejectReason reason, String detail, String redactedBody) {

  public Rejection {
    requireNonNull(messageId, "messageId");
    requireNonNull(reason, "reason");
    requireNonNull(detail, "detail");
    requireNonNull(redactedBody, "redactedBody");
  }

  @Override
  public String toString() {
    return "Rejection[messageId=" + messageId + ", reason=" + reason + ", detail=" + detail + "]";
  }
}
