package dev.loginetl.core.transform;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.IpAttributes;
import dev.loginetl.core.model.LoginEvent;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.IpEnricher;
import dev.loginetl.core.port.Masker;
import dev.loginetl.core.transform.internal.AppVersion;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalInt;

/**
 * The login {@link Transform}: takes the login out of its envelope, if any ({@link EnvelopeReader}),
 * then turns it into its {@link Outcome} by the {@link LoginParser} rules, masking, the version
 * encoding and the date.
 *
 * <ul>
 *   <li><b>Identity.</b> A login that came in an SNS notification or an EventBridge event is keyed
 *       by the event's id ({@code MessageId}, {@code id}); a bare one, or an envelope without a
 *       usable id, by its SQS message id. The key is {@link Outcome#messageId()}; the SQS message id
 *       is kept beside it ({@code sqsMessageId}). So a duplicate SNS delivery, which reaches SQS as a
 *       new message with a new id, has the key of the first, and is stored once: <em>exactly once
 *       per source event id, one row or one rejection</em>. A producer that sends the same login
 *       twice under two event ids makes two events, and two rows.
 *   <li><b>Replay.</b> A message that was forwarded to a dead-letter queue and sent back carries its
 *       first delivery's key and sent time in its {@link DeadLetterAttributes}; they stand in for
 *       the new SQS message's id and sent time. So it is stored under the key it was rejected
 *       under, once, with its original {@code create_date}; the SQS message id kept beside it is
 *       the new message's, which carried it.
 *   <li>{@code ip} and {@code device_id} pass through the {@link Masker}; null stays null. A mask
 *       longer than the 256 characters of its column rejects the message ({@code TOO_LONG}).
 *   <li>When {@code ip} is an IP literal, its network ({@link IpAnalytics}) is masked as {@link
 *       PiiField#IP_NETWORK} ({@code masked_ip_net}), and its {@link IpEnricher} looks up its
 *       country and ASN, both from the address in clear, before masking. Enrichment never rejects
 *       a message and never changes what the rules decide: with or without it a message gives a
 *       row or the same rejection, and rows differ only in {@code ip_country}, {@code ip_asn} and
 *       {@code ip_asn_org}.
 *   <li>{@code app_version} is kept as received and, where it has one, as its {@link AppVersion}
 *       encoding.
 *   <li>{@code create_date} is the UTC date of the envelope's timestamp; for a bare message, of the
 *       sent timestamp, or of the clock when the source gave none.
 *   <li>A rejection keeps the body, {@linkplain BodyRedactor redacted}: the whole envelope, its
 *       login redacted as a body of its own. A rule broken inside an envelope is reported in the
 *       rule's own terms, naming where the login was ("... (in the SNS Message)"); an SNS {@code
 *       Message} that is not JSON is {@code ENVELOPE_MESSAGE_NOT_JSON}.
 * </ul>
 *
 * <p>With {@link EnvelopeMode#NONE}, every body is read as a bare login: no envelope is recognised,
 * and an SNS or EventBridge body is judged by the login rules as it stands.
 *
 * <p>Thread-safe when its masker is. Bad input never throws; a masker failure propagates as the
 * masker's {@link dev.loginetl.core.EtlException}.
 */
public final class LoginTransformer implements Transform {
  /** The width of the masked columns. */
  public static final int MASK_MAX = 256;

  private final Masker masker;
  private final BodyRedactor redactor;
  private final EnvelopeMode envelopes;
  private final Clock clock;
  private final IpAnalytics ipAnalytics;

  /**
   * @param masker masks {@code ip}, its network, {@code device_id} and unreadable bodies
   * @param envelopes which envelopes to take logins out of
   * @param clock dates a bare message whose source gave no sent timestamp
   * @param ipAnalytics the ip's network prefixes and its enricher
   */
  public LoginTransformer(Masker masker, EnvelopeMode envelopes, Clock clock, IpAnalytics ipAnalytics) {
    this.masker = requireNonNull(masker, "masker");
    this.redactor = new BodyRedactor(masker);
    this.envelopes = requireNonNull(envelopes, "envelopes");
    this.clock = requireNonNull(clock, "clock");
    this.ipAnalytics = requireNonNull(ipAnalytics, "ipAnalytics");
  }

  /** With {@link IpAnalytics#DEFAULT}: default networks, no enricher. */
  public LoginTransformer(Masker masker, EnvelopeMode envelopes, Clock clock) {
    this(masker, envelopes, clock, IpAnalytics.DEFAULT);
  }

  /** With the system's UTC clock. */
  public LoginTransformer(Masker masker, EnvelopeMode envelopes, IpAnalytics ipAnalytics) {
    this(masker, envelopes, Clock.systemUTC(), ipAnalytics);
  }

  /** With the system's UTC clock. */
  public LoginTransformer(Masker masker, EnvelopeMode envelopes) {
    this(masker, envelopes, Clock.systemUTC());
  }

  /** With {@link EnvelopeMode#AUTO}. */
  public LoginTransformer(Masker masker, Clock clock) {
    this(masker, EnvelopeMode.AUTO, clock);
  }

  /** With {@link EnvelopeMode#AUTO} and the system's UTC clock. */
  public LoginTransformer(Masker masker) {
    this(masker, EnvelopeMode.AUTO, Clock.systemUTC());
  }

  /** The outcome for one message. */
  @Override
  public Outcome transform(ReceivedMessage message) {
    // A replayed message's first id and time, else its own.
    DeadLetterAttributes.Origin origin = DeadLetterAttributes.originOf(message);
    Envelope envelope = EnvelopeReader.read(envelopes, message.body());
    if (envelope instanceof Envelope.Unwrapped unwrapped) {
      return transformLogin(message, unwrapped.login(), unwrapped.eventId(), unwrapped.time(), unwrapped.kind());
    }
    if (envelope instanceof Envelope.Broken broken) {
      String key = broken.eventId() != null ? broken.eventId() : origin.messageId();
      return reject(message, key, broken.kind(), broken.reason(), broken.detail());
    }
    if (envelope instanceof Envelope.NotAnEnvelope not) {
      return reject(message, origin.messageId(), null, not.reason(), not.detail());
    }
    Instant sent = origin.sentTimestamp() != null ? origin.sentTimestamp() : clock.instant();
    return transformLogin(message, message.body(), origin.messageId(), sent, null);
  }

  /**
   * The outcome for a login's text, under {@code key}, dated by {@code sent}; {@code kind} is the
   * envelope it came in, or null for a bare message.
   */
  private Outcome transformLogin(ReceivedMessage message, String login, String key, Instant sent, Envelope.Kind kind) {
    ParseResult parsed = LoginParser.parse(login);
    if (parsed instanceof ParseResult.Invalid invalid) {
      RejectReason reason = kind == Envelope.Kind.SNS && invalid.reason() == RejectReason.NOT_JSON
          ? RejectReason.ENVELOPE_MESSAGE_NOT_JSON
          : invalid.reason();
      return reject(message, key, kind, reason, within(kind, invalid.detail()));
    }
    LoginEvent event = ((ParseResult.Valid) parsed).event();
    String maskedIp = mask(PiiField.IP, event.ip());
    if (maskedIp != null && maskedIp.length() > MASK_MAX) {
      return reject(message, key, kind, RejectReason.TOO_LONG, within(kind, tooLongToMask(PiiField.IP)));
    }
    String maskedDeviceId = mask(PiiField.DEVICE_ID, event.deviceId());
    if (maskedDeviceId != null && maskedDeviceId.length() > MASK_MAX) {
      return reject(message, key, kind, RejectReason.TOO_LONG, within(kind, tooLongToMask(PiiField.DEVICE_ID)));
    }
    String version = event.appVersion();
    OptionalInt encoded = version == null ? OptionalInt.empty() : AppVersion.encode(version);
    LoginRow row =
        new LoginRow(
            key,
            message.messageId(),
            event.userId(),
            event.deviceType(),
            maskedIp,
            maskedDeviceId,
            event.locale(),
            encoded.isPresent() ? encoded.getAsInt() : null,
            version,
            LocalDate.ofInstant(sent, ZoneOffset.UTC));
    if (event.ip() == null) {
      return new Outcome.Parsed(row, event.ignoredFields());
    }
    InetAddress address = IpAnalytics.address(event.ip());
    if (address == null) {
      ipAnalytics.enricher().notAnAddress();
      return new Outcome.Parsed(row, event.ignoredFields());
    }
    // A network's text is never longer than its address's, so a masker whose masks fit for the
    // address fits here too; one that grows otherwise is refused like a long ip.
    String maskedNet = masker.mask(PiiField.IP_NETWORK, ipAnalytics.network(address));
    if (maskedNet.length() > MASK_MAX) {
      return reject(message, key, kind, RejectReason.TOO_LONG, within(kind, tooLongToMask(PiiField.IP)));
    }
    return new Outcome.Parsed(row.withIp(maskedNet, attributes(address)), event.ignoredFields());
  }

  /** The enricher's attributes of {@code address}, in clear. */
  private IpAttributes attributes(InetAddress address) {
    IpAttributes attributes;
    try {
      attributes = ipAnalytics.enricher().enrich(address);
    } catch (RuntimeException e) {
      // The contract says an enricher does not throw; one that does still must not turn a login
      // into a rejection or stop the pipeline.
      attributes = IpAttributes.NONE;
    }
    return attributes == null ? IpAttributes.NONE : attributes;
  }

  private String mask(PiiField field, String value) {
    return value == null ? null : masker.mask(field, value);
  }

  /** {@code kind} is the envelope recognised, or null for a body that is not one. */
  private Outcome reject(
      ReceivedMessage message, String key, Envelope.Kind kind, RejectReason reason, String detail) {
    String redacted = kind == null
        ? redactor.redact(message.body())
        : redactor.redactEnvelope(message.body(), kind.loginField());
    return new Outcome.Rejected(new Rejection(key, message.messageId(), reason, detail, redacted));
  }

  /** A rule's sentence about a login, saying where in its envelope the login was. */
  private static String within(Envelope.Kind kind, String detail) {
    if (kind == null) {
      return detail;
    }
    String body = "the body";
    return detail.startsWith(body)
        ? kind.loginName() + detail.substring(body.length())
        : detail + " (in " + kind.loginName() + ")";
  }

  private static String tooLongToMask(PiiField field) {
    return "field '" + field.jsonName() + "' is too long to mask within the " + MASK_MAX
        + " characters of its column";
  }
}
