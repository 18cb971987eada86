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
 * @param maskedIpNet nullable, at most 256 characters: the mask of the ip's network ({@code
 *     203.0.113.0/24}), null when the ip is null or not an IP literal
 * @param ipCountry nullable: the ip's country, ISO 3166-1 alpha-2, as its GeoIP database says
 * @param ipAsn nullable: the ip's autonomous system number
 * @param ipAsnOrg nullable, at most 128 characters: the autonomous system's registered name
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
    LocalDate createDate,
    String maskedIpNet,
    String ipCountry,
    Long ipAsn,
    String ipAsnOrg) {

  public LoginRow {
    requireNonNull(messageId, "messageId");
    requireNonNull(sqsMessageId, "sqsMessageId");
    requireNonNull(userId, "userId");
    requireNonNull(createDate, "createDate");
  }

  /** This row with the ip's network mask and attributes. */
  public LoginRow withIp(String maskedIpNet, IpAttributes attributes) {
    return new LoginRow(messageId, sqsMessageId, userId, deviceType, maskedIp, maskedDeviceId, locale, appVersion,
        appVersionRaw, createDate, maskedIpNet, attributes.country(), attributes.asn(), attributes.asnOrg());
  }

  /** A row without the ip's network or attributes: they are null. */
  public LoginRow(
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
    this(messageId, sqsMessageId, userId, deviceType, maskedIp, maskedDeviceId, locale, appVersion, appVersionRaw,
        createDate, null, null, null, null);
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
