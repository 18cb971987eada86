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
  REFUSED_BY_DATABASE
}
