package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

/**
 * A login as parsed from a message body, before masking. Holds personal data in clear:
 * {@link #toString()} prints neither {@code ip} nor {@code deviceId}.
 *
 * @param userId never null nor blank, at most 128 characters
 * @param deviceType nullable: the body had no value
 * @param ip nullable; an IPv4 or IPv6 literal is already in canonical form
 * @param deviceId nullable
 * @param locale nullable
 * @param appVersion nullable: the version exactly as received (a JSON number as its text)
 * @param ignoredFields how many fields of the body no rule reads
 */
public record LoginEvent(
    String userId,
    String deviceType,
    String ip,
    String deviceId,
    String locale,
    String appVersion,
    int ignoredFields) {

  public LoginEvent {
    requireNonNull(userId, "userId");
  }

  @Override
  public String toString() {
    return "LoginEvent[userId=" + userId + ", deviceType=" + deviceType
        + ", ip=" + (ip == null ? "null" : "***") + ", deviceId=" + (deviceId == null ? "null" : "***")
        + ", locale=" + locale + ", appVersion=" + appVersion + ", ignoredFields=" + ignoredFields + "]";
  }
}
