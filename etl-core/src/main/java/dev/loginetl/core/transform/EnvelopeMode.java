package dev.loginetl.core.transform;

import java.util.Locale;

/**
 * Which envelopes {@link LoginTransformer} takes a login out of before applying the rules (see
 * {@link EnvelopeReader}).
 */
public enum EnvelopeMode {
  /**
   * An SNS notification or an EventBridge event is recognised by its fields and unwrapped; any
   * other body is read as a bare login. The default.
   */
  AUTO("auto"),
  /** Every body is read as a bare login, envelope or not: the rules as they were before envelopes. */
  NONE("none"),
  /** Every body must be an SNS notification (raw message delivery off); anything else is rejected. */
  SNS("sns"),
  /** Every body must be an EventBridge event; anything else is rejected. */
  EVENTBRIDGE("eventbridge");

  private final String configName;

  EnvelopeMode(String configName) {
    this.configName = configName;
  }

  /** The mode's name in configuration: {@code auto}, {@code none}, {@code sns}, {@code eventbridge}. */
  public String configName() {
    return configName;
  }

  /**
   * The mode named {@code name}, ignoring case and surrounding spaces.
   *
   * @throws IllegalArgumentException with one sentence saying what to set, when no mode has that
   *     name
   */
  public static EnvelopeMode fromName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (EnvelopeMode mode : values()) {
      if (mode.configName.equals(wanted)) {
        return mode;
      }
    }
    String shown = wanted.matches("[a-z0-9_-]{1,20}") ? "'" + wanted + "'" : "given";
    throw new IllegalArgumentException(
        "The envelope mode " + shown + " is unknown: set it to auto, none, sns or eventbridge.");
  }
}
