package dev.loginetl.core.transform;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.RejectReason;
import java.time.Instant;

/**
 * What {@link EnvelopeReader} made of a body: a bare login, a login taken out of its envelope, a
 * recognised envelope that breaks a rule, or (when the mode requires an envelope) a body that is
 * not one. Values; {@link Unwrapped#toString()} does not print the login, which holds personal data.
 */
sealed interface Envelope
    permits Envelope.Bare, Envelope.Unwrapped, Envelope.Broken, Envelope.NotAnEnvelope {

  /** The envelopes known. */
  enum Kind {
    /** An Amazon SNS notification: the login is the JSON text in its {@code Message} string. */
    SNS("Message", "the SNS Message"),
    /** An Amazon EventBridge event: the login is its {@code detail} object. */
    EVENTBRIDGE("detail", "the EventBridge detail");

    private final String loginField;
    private final String loginName;

    Kind(String loginField, String loginName) {
      this.loginField = loginField;
      this.loginName = loginName;
    }

    /** The top-level field of the envelope that carries the login. */
    public String loginField() {
      return loginField;
    }

    /** How a sentence names the login inside the envelope, e.g. "the SNS Message". */
    public String loginName() {
      return loginName;
    }
  }

  /** The body is the login itself: no envelope recognised, or the mode is {@link EnvelopeMode#NONE}. */
  record Bare() implements Envelope {}

  /**
   * A login taken out of a valid envelope.
   *
   * @param kind the envelope
   * @param eventId the event's id ({@code MessageId}, {@code id}): the login's idempotency key
   * @param time the envelope's timestamp ({@code Timestamp}, {@code time})
   * @param login the login's JSON text, to be read by {@link LoginParser}; personal data in clear
   */
  record Unwrapped(Kind kind, String eventId, Instant time, String login) implements Envelope {
    public Unwrapped {
      requireNonNull(kind, "kind");
      requireNonNull(eventId, "eventId");
      requireNonNull(time, "time");
      requireNonNull(login, "login");
    }

    @Override
    public String toString() {
      return "Unwrapped[kind=" + kind + ", eventId=" + eventId + ", time=" + time + ", loginLength="
          + login.length() + "]";
    }
  }

  /**
   * A recognised envelope that breaks a rule.
   *
   * @param kind the envelope
   * @param eventId nullable: the event's id when the envelope has a usable one, which is then the
   *     rejection's idempotency key; null when it has none (the SQS message id is used)
   * @param reason machine-readable
   * @param detail one sentence, never a value from the body
   */
  record Broken(Kind kind, String eventId, RejectReason reason, String detail) implements Envelope {
    public Broken {
      requireNonNull(kind, "kind");
      requireNonNull(reason, "reason");
      requireNonNull(detail, "detail");
    }
  }

  /**
   * The mode requires an envelope ({@link EnvelopeMode#SNS}, {@link EnvelopeMode#EVENTBRIDGE}) and
   * the body is not one.
   *
   * @param reason {@code NOT_JSON}, {@code NOT_OBJECT}, or {@code MISSING_FIELD} naming the
   *     envelope's field that is absent
   * @param detail one sentence, never a value from the body
   */
  record NotAnEnvelope(RejectReason reason, String detail) implements Envelope {
    public NotAnEnvelope {
      requireNonNull(reason, "reason");
      requireNonNull(detail, "detail");
    }
  }
}
