package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A row of {@code user_logins}, ready to write: every value fits its column and personal data is
 * masked. {@code null} components become SQL NULL.
 *
 * @param messageId the idempotency key: a message id is written at most once
 * @param userId never null
 * @param deviceType nullable, at most 32 characters
 * @param maskedIp nullable, at most 256 characters
 * @param maskedDeviceId nullable, at most 256 characters
 * @param locale nullable, at most 32 characters
 * @param appVersion nullable: the version as an ordered integer, see {@link
 *     dev.loginetl.core.transform.AppVersion}
 * @param appVersionRaw nullable: the version exactly as received
 * @param createDate never null: the UTC date the message was sent
 */
public record LoginRow(
    String messageId,
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
    requireNonNull(userId, "userId");
    requireNonNull(createDate, "createDate");
  }
}
