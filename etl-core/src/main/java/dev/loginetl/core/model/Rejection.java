package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

/**
 * A message that did not become a row, recorded so that nothing is lost.
 *
 * @param messageId the idempotency key, recorded at most once: the source event id of a message
 *     that came in an envelope with a usable id (an SNS {@code MessageId}, an EventBridge {@code
 *     id}), else the SQS message id
 * @param sqsMessageId never null: the id of the SQS message that carried it, for tracing; equal to
 *     {@code messageId} for a bare message
 * @param reason machine-readable
 * @param detail one human sentence naming the field and the rule; never holds personal data
 * @param redactedBody the body with its personal data masked (see {@link
 *     dev.loginetl.core.transform.LoginTransformer}); never holds {@code ip} or {@code device_id} in
 *     clear
 */
public record Rejection(
    String messageId, String sqsMessageId, RejectReason reason, String detail, String redactedBody) {

  public Rejection {
    requireNonNull(messageId, "messageId");
    requireNonNull(sqsMessageId, "sqsMessageId");
    requireNonNull(reason, "reason");
    requireNonNull(detail, "detail");
    requireNonNull(redactedBody, "redactedBody");
  }

  /** The rejection of a bare message, whose SQS message id is its idempotency key. */
  public Rejection(String messageId, RejectReason reason, String detail, String redactedBody) {
    this(messageId, messageId, reason, detail, redactedBody);
  }

  @Override
  public String toString() {
    return "Rejection[messageId=" + messageId + ", sqsMessageId=" + sqsMessageId + ", reason=" + reason
        + ", detail=" + detail + "]";
  }
}
