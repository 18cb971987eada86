package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;

/**
 * The audit trail of reveals: one row of {@code pii_reveal_audit} (migration 3) per reveal, saying
 * who revealed how many values, why, and from where; the database adds the time and its own user.
 *
 * <p><b>Guarantees:</b> {@link #record} returns only once the row is committed, so a caller that
 * shows values only after it returns never shows any that are not audited; if it throws, nothing
 * was recorded and nothing should be shown. The row never holds a value or a mask: this API does
 * not take them.
 *
 * <p>Thread-safe (stateless); each call uses a connection of its own.
 */
public final class RevealAudit {
  /** Where revealed masks came from, as {@code source} records it. */
  public static final String FROM_ARGUMENTS = "arguments";
  /** Masks read from standard input. */
  public static final String FROM_STDIN = "stdin";
  /** Masks read from the {@code user_logins} table. */
  public static final String FROM_USER_LOGINS = "user_logins";

  private RevealAudit() {}

  /**
   * Records and commits one reveal.
   *
   * @param actor who reveals, as the caller declared it; not blank
   * @param reason why; not blank
   * @param valueCount how many values are revealed; not negative
   * @param source where the masks came from, such as {@link #FROM_STDIN}; not blank
   * @return the id of the audit row
   * @throws IllegalArgumentException when an argument is blank or the count negative
   * @throws dev.loginetl.core.RetryableEtlException when the server cannot be reached now
   * @throws dev.loginetl.core.EtlException when the row cannot be written, for instance because the
   *     schema lacks {@code pii_reveal_audit} (run the migrations) or the user may not insert
   */
  public static long record(
      PostgresConfig config, String actor, String reason, int valueCount, String source) {
    requireNonNull(config, "config");
    requireText(actor, "the actor");
    requireText(reason, "the reason");
    requireText(source, "the source");
    if (valueCount < 0) {
      throw new IllegalArgumentException("the count of revealed values is negative");
    }
    try {
      return Sessions.jdbi(config, "loginetl-reveal")
          .inTransaction(
              handle ->
                  handle
                      .createUpdate(
                          "INSERT INTO " + Sessions.table(config, "pii_reveal_audit")
                              + " (actor, reason, value_count, source)"
                              + " VALUES (:actor, :reason, :count, :source)")
                      .bind("actor", actor.strip())
                      .bind("reason", reason.strip())
                      .bind("count", valueCount)
                      .bind("source", source)
                      .executeAndReturnGeneratedKeys("id")
                      .mapTo(Long.class)
                      .one());
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "recording a reveal in the audit");
    }
  }

  private static void requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " of a reveal is missing: the audit needs it");
    }
  }
}
