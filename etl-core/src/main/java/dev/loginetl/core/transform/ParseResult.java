package dev.loginetl.core.transform;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.LoginEvent;
import dev.loginetl.core.model.RejectReason;

/** What {@link LoginParser} made of a body: a login event, or the first rule it broke. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

  /** The body holds a valid login. */
  record Valid(LoginEvent event) implements ParseResult {
    public Valid {
      requireNonNull(event, "event");
    }
  }

  /**
   * The body broke a rule.
   *
   * @param reason machine-readable
   * @param detail one sentence naming the field and the rule, never a value from the body
   */
  record Invalid(RejectReason reason, String detail) implements ParseResult {
    public Invalid {
      requireNonNull(reason, "reason");
      requireNonNull(detail, "detail");
    }
  }
}
