package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import java.util.List;

/**
 * Reads the masked columns of stored logins, for an operator who must reveal them. Reading does
 * not reveal anything: the caller holds the keys, and records the reveal with {@link RevealAudit}
 * before showing a value.
 *
 * <p>Thread-safe (stateless); each call uses a connection of its own.
 */
public final class MaskedLogins {
  /** The most rows one {@link #select} returns. */
  public static final int MAX_LIMIT = 10_000;

  private MaskedLogins() {}

  /**
   * The masks of one stored row.
   *
   * @param userId the row's user id; nullable, as the column is
   * @param maskedIp the {@code masked_ip} column; nullable
   * @param maskedDeviceId the {@code masked_device_id} column; nullable
   * @param maskedIpNet the {@code masked_ip_net} column; nullable
   */
  public record MaskedLogin(String userId, String maskedIp, String maskedDeviceId, String maskedIpNet) {
    /** A row without a network mask. */
    public MaskedLogin(String userId, String maskedIp, String maskedDeviceId) {
      this(userId, maskedIp, maskedDeviceId, null);
    }
  }

  /**
   * Up to {@code limit} rows of {@code user_logins} that hold at least one mask, those of {@code
   * userId} only when it is not null, ordered by user id, then message id (rows without one last).
   *
   * @param userId the user whose rows to read, or null for any user
   * @throws IllegalArgumentException when {@code limit} is not between 1 and {@value #MAX_LIMIT}
   * @throws dev.loginetl.core.RetryableEtlException when the server cannot be reached now
   * @throws dev.loginetl.core.EtlException when the rows cannot be read
   */
  public static List<MaskedLogin> select(PostgresConfig config, String userId, int limit) {
    requireNonNull(config, "config");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "the row limit is " + limit + ": it must be between 1 and " + MAX_LIMIT);
    }
    try {
      return Sessions.jdbi(config, "loginetl-reveal")
          .withHandle(
              handle ->
                  handle
                      .createQuery(
                          "SELECT user_id, masked_ip, masked_device_id, masked_ip_net FROM "
                              + Sessions.table(config, "user_logins")
                              + " WHERE (masked_ip IS NOT NULL OR masked_device_id IS NOT NULL OR masked_ip_net IS NOT NULL)"
                              + " AND (CAST(:userId AS text) IS NULL OR user_id = :userId)"
                              + " ORDER BY user_id, message_id NULLS LAST LIMIT :limit")
                      .bind("userId", userId)
                      .bind("limit", limit)
                      .map((rs, ctx) -> new MaskedLogin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                      .list());
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "reading masks from user_logins");
    }
  }
}
