package dev.loginetl.app.status;

import dev.loginetl.core.model.RejectReason;

/**
 * One fixed sentence per {@link RejectReason}, for people reading the status page. It says what
 * kind of problem the reason stands for; it never quotes a message, so it holds no personal data.
 */
final class RejectSentences {
  private RejectSentences() {}

  static String of(RejectReason reason) {
    // A switch expression over the enum: a new reason without a sentence does not compile.
    return switch (reason) {
      case NOT_JSON -> "The body is not well-formed UTF-8 JSON, or is nested too deeply to read.";
      case NOT_OBJECT -> "The body is JSON, but not one object.";
      case DUPLICATE_FIELD -> "A field the rules read appears twice, so its value is ambiguous.";
      case MISSING_FIELD -> "A required field (user_id) is absent, null or blank.";
      case WRONG_TYPE -> "A field holds a JSON type its column cannot take.";
      case TOO_LONG -> "A value is longer than its column allows; nothing is truncated.";
      case INVALID_TEXT -> "A value holds text PostgreSQL cannot store: U+0000 or an unpaired surrogate.";
      case REFUSED_BY_DATABASE -> "The database refused the row.";
      case ENVELOPE_MESSAGE_NOT_JSON -> "An SNS notification whose Message is not the login as JSON text.";
      case ENVELOPE_MISSING_ID -> "An SNS or EventBridge envelope without a usable event id; kept under its SQS id.";
      case ENVELOPE_UNKNOWN_TYPE -> "An SNS message that is not a Notification (e.g. a subscription confirmation): recorded, never confirmed.";
      case ENVELOPE_INVALID_TIME -> "An SNS or EventBridge envelope whose timestamp is missing or not ISO-8601 with an offset.";
    };
  }
}
