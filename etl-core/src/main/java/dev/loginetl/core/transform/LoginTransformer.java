package dev.loginetl.core.transform;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.LoginEvent;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.Masker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalInt;

/**
 * The login {@link Transform}: turns a received message into its {@link Outcome} by the {@link
 * LoginParser} rules, then masking, the version encoding and the date.
 *
 * <ul>
 *   <li>{@code ip} and {@code device_id} pass through the {@link Masker}; null stays null. A mask
 *       longer than the 256 characters of its column rejects the message ({@code TOO_LONG}).
 *   <li>{@code app_version} is kept as received and, where it has one, as its {@link AppVersion}
 *       encoding.
 *   <li>{@code create_date} is the UTC date of the sent timestamp, or of the clock when the source
 *       gave none.
 *   <li>A rejection keeps the body, {@linkplain BodyRedactor redacted}.
 * </ul>
 *
 * <p>Thread-safe when its masker is. Bad input never throws; a masker failure propagates as the
 * masker's {@link dev.loginetl.core.EtlException}.
 */
public final class LoginTransformer implements Transform {
  /** The width of the masked columns. */
  public static final int MASK_MAX = 256;

  private final Masker masker;
  private final BodyRedactor redactor;
  private final Clock clock;

  public LoginTransformer(Masker masker, Clock clock) {
    this.masker = requireNonNull(masker, "masker");
    this.redactor = new BodyRedactor(masker);
    this.clock = requireNonNull(clock, "clock");
  }

  public LoginTransformer(Masker masker) {
    this(masker, Clock.systemUTC());
  }

  /** The outcome for one message. */
  @Override
  public Outcome transform(ReceivedMessage message) {
    ParseResult parsed = LoginParser.parse(message.body());
    if (parsed instanceof ParseResult.Invalid invalid) {
      return reject(message, invalid.reason(), invalid.detail());
    }
    LoginEvent event = ((ParseResult.Valid) parsed).event();
    String maskedIp = mask(PiiField.IP, event.ip());
    if (maskedIp != null && maskedIp.length() > MASK_MAX) {
      return reject(message, RejectReason.TOO_LONG, tooLongToMask(PiiField.IP));
    }
    String maskedDeviceId = mask(PiiField.DEVICE_ID, event.deviceId());
    if (maskedDeviceId != null && maskedDeviceId.length() > MASK_MAX) {
      return reject(message, RejectReason.TOO_LONG, tooLongToMask(PiiField.DEVICE_ID));
    }
    String version = event.appVersion();
    OptionalInt encoded = version == null ? OptionalInt.empty() : AppVersion.encode(version);
    Instant sent = message.sent().orElseGet(clock::instant);
    LoginRow row =
        new LoginRow(
            message.messageId(),
            event.userId(),
            event.deviceType(),
            maskedIp,
            maskedDeviceId,
            event.locale(),
            encoded.isPresent() ? encoded.getAsInt() : null,
            version,
            LocalDate.ofInstant(sent, ZoneOffset.UTC));
    return new Outcome.Parsed(row, event.ignoredFields());
  }

  private String mask(PiiField field, String value) {
    return value == null ? null : masker.mask(field, value);
  }

  private Outcome reject(ReceivedMessage message, RejectReason reason, String detail) {
    return new Outcome.Rejected(
        new Rejection(message.messageId(), reason, detail, redactor.redact(message.body())));
  }

  private static String tooLongToMask(PiiField field) {
    return "field '" + field.jsonName() + "' is too long to mask within the " + MASK_MAX
        + " characters of its column";
  }
}
