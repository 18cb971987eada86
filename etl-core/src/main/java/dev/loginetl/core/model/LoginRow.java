package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A row of {@code user_logins}, ready to write: every value fits its column and personal data is
 * masked. {@code null} components become SQL NULL.
 *
 * @param messageId the idempotency key, written at most once: the source event id of a login that
 *     came in an envelope (an SNS {@code MessageId}, an EventBridge {@code id}), else the SQS
 *     message id
 * @param sqsMessageId never null: the id of the SQS message that carried it ({@link
 *     ReceivedMessage#messageId()}), kept so that an operator can trace a delivery; equal to {@code
 *     messageId} for a bare message. Of several deliveries of one event, the one stored.
 * @param userId never null
 * @param deviceType nullable, at most 32 characters
 * @param maskedIp nullable, at most 256 characters
 * @param maskedDeviceId nullable, at most 256 characters
 * @param locale nullable, at most 32 characters
 * @param appVersion nullable: the version as an ordered integer, see {@link
 *     dev.loginetl.core.transform.internal.AppVersion}
 * @param appVersionRaw nullable: the version exactly as received
 * @param createDate never null: the UTC date the login was sent (the envelope's timestamp, or the
 *     SQS message's)
 */
public record LoginRow(
    String messageId,
    String sqsMessageId,
    String userId,
    String deviceType,
    String maskedIp,
    String maskedDeviceId,
    String locale,
    Integer appVersion,
    String appVersionRaw,
    LocalDate createDate) {

  public LoginRow {
    requireNonNull(messageId, "messageId");
    requireNonNull(sqsMessageId, "sqsMessageId");
    requireNonNull(userId, "userId");
    requireNonNull(createDate, "createDate");
  }

  /** The row of a bare message, whose SQS message id is its idempotency key. */
  public LoginRow(
      String messageId,
      String userId,
      String deviceType,
      String maskedIp,
      String maskedDeviceId,
      String locale,
      Integer appVersion,
      String appVersionRaw,
      LocalDate createDate) {
    this(messageId, messageId, userId, deviceType, maskedIp, maskedDeviceId, locale, appVersion, appVersionRaw,
        createDate);
  }
}
