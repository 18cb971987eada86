package dev.loginetl.core.model;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/** What the rules made of one message: a row to write, or a rejection to record. */
public sealed interface Outcome permits Outcome.Parsed, Outcome.Rejected {

  /**
   * The idempotency key of the message this outcome is for: its source event id when it came in an
   * envelope, else its SQS message id (see {@link LoginRow#messageId()}). Copies of one event have
   * the same key, and are stored once.
   */
  String messageId();

  /** Applies the function that matches this outcome. */
  <T> T fold(Function<Parsed, T> onParsed, Function<Rejected, T> onRejected);

  /**
   * The message became a row.
   *
   * @param row the row to write
   * @param ignoredFields how many fields of the body no rule reads
   */
  record Parsed(LoginRow row, int ignoredFields) implements Outcome {
    public Parsed {
      requireNonNull(row, "row");
    }

    @Override
    public String messageId() {
      return row.messageId();
    }

    @Override
    public <T> T fold(Function<Parsed, T> onParsed, Function<Rejected, T> onRejected) {
      return onParsed.apply(this);
    }
  }

  /** The message broke a rule. */
  record Rejected(Rejection rejection) implements Outcome {
    public Rejected {
      requireNonNull(rejection, "rejection");
    }

    @Override
    public String messageId() {
      return rejection.messageId();
    }

    @Override
    public <T> T fold(Function<Parsed, T> onParsed, Function<Rejected, T> onRejected) {
      return onRejected.apply(this);
    }
  }
}
