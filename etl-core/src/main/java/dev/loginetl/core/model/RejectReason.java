package dev.loginetl.core.model;

/** Why a message did not become a row: a stable, machine-readable code. */
public enum RejectReason {
  /** The body is not a well-formed UTF-8 JSON text (or is nested too deeply to read). */
  NOT_JSON,
  /** The body is JSON, but not one object. */
  NOT_OBJECT,
  /** A field the rules read appears twice, so its value is ambiguous. */
  DUPLICATE_FIELD,
  /** A required field is absent, null or blank. */
  MISSING_FIELD,
  /** A field holds a JSON type its column cannot take. */
  WRONG_TYPE,
  /** A value is longer than its column allows; nothing is truncated. */
  TOO_LONG,
  /** A value holds text PostgreSQL cannot store: U+0000 or an unpaired surrogate. */
  INVALID_TEXT,
  /** The database refused the row; the detail carries its reason. */
  REFUSED_BY_DATABASE,
  /**
   * The body is an SNS notification whose {@code Message}, which carries the login as a string,
   * is not JSON text (or cannot be read: empty, invalid, nested too deeply).
   */
  ENVELOPE_MESSAGE_NOT_JSON,
  /**
   * The body is an SNS or EventBridge envelope without a usable event id ({@code MessageId},
   * {@code id}): missing, not a string, or not 1 to 128 letters, digits, '-', '_', '.' or ':';
   * the rejection is recorded under the SQS message id.
   */
  ENVELOPE_MISSING_ID,
  /**
   * The body is an SNS message of a {@code Type} other than {@code Notification}, such as {@code
   * SubscriptionConfirmation}: it carries no login, and the loader records it and never confirms
   * or follows anything in it.
   */
  ENVELOPE_UNKNOWN_TYPE,
  /**
   * The body is an SNS or EventBridge envelope whose timestamp ({@code Timestamp}, {@code time}),
   * which gives {@code create_date}, is missing or not an ISO-8601 date and time with an offset.
   */
  ENVELOPE_INVALID_TIME
}
