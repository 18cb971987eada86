package dev.loginetl.core.port;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.RejectedMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message attributes a rejected message carries when it is forwarded to a dead-letter queue
 * ({@link RejectionForwarder}), and how a message that comes back from there is recognised.
 *
 * <p>A forwarded message keeps its body byte for byte and gains these attributes, all text:
 *
 * <ul>
 *   <li>{@value #MESSAGE_ID}: its idempotency key ({@link
 *       dev.loginetl.core.model.Rejection#messageId()}: the SNS or EventBridge event id of an
 *       enveloped login, else the SQS message id it first came in);
 *   <li>{@value #SQS_MESSAGE_ID}: the id of the SQS message it first came in;
 *   <li>{@value #SENT_TIMESTAMP}: when that first message was sent, in milliseconds since the epoch
 *       (absent when its source gave no time);
 *   <li>{@value #REASON}: the rejection's {@link dev.loginetl.core.model.RejectReason} code;
 *   <li>{@value #VERSION}: the version of the loader that forwarded it.
 * </ul>
 *
 * <p>Never the rejection's detail sentence, nor anything else taken from the body: the attributes
 * hold ids, a time, a code and a version, no personal data.
 *
 * <p><b>Replay.</b> When such a message is sent back to the source queue (by SQS's own redrive, by
 * {@code loginetl redrive}, or by hand with its attributes), it arrives as a new SQS message, with
 * a new id and a new sent time. {@link #originOf} reads the attributes back, so that the rules give
 * it the key and the date of its first delivery: it is stored once, under the key it was rejected
 * under, with its original {@code create_date}. Forwarded again, it keeps its first origin. The
 * attributes are trusted as given: whoever can send to the source queue can set them, as they can
 * send any login. A value that is not well-formed is ignored, and the message's own is used.
 *
 * <p>Stateless; thread-safe.
 */
public final class DeadLetterAttributes {
  /** The idempotency key the message was rejected under. */
  public static final String MESSAGE_ID = "loginetl.message-id";
  /** The id of the SQS message it first came in. */
  public static final String SQS_MESSAGE_ID = "loginetl.sqs-message-id";
  /** When its first message was sent, milliseconds since the epoch, in decimal. */
  public static final String SENT_TIMESTAMP = "loginetl.sent-timestamp";
  /** The rejection's reason code. */
  public static final String REASON = "loginetl.reason";
  /** The version of the loader that forwarded it. */
  public static final String VERSION = "loginetl.version";
  /** Every attribute name above, for a source that must ask for them by name. */
  public static final List<String> NAMES = List.of(MESSAGE_ID, SQS_MESSAGE_ID, SENT_TIMESTAMP, REASON, VERSION);

  /** The longest id taken from an attribute, as for an envelope's event id. */
  public static final int MAX_ID_LENGTH = 128;
  private static final long MIN_MILLIS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  private DeadLetterAttributes() {}

  /**
   * Where a delivered message first came from.
   *
   * @param messageId the id the message's key falls back to when its body names none (a bare login,
   *     or an envelope without a usable id): {@value #MESSAGE_ID} of a replayed message, else the
   *     delivery's own message id
   * @param sqsMessageId the id of the SQS message it first came in: {@value #SQS_MESSAGE_ID} of a
   *     replayed message, else the delivery's own
   * @param sentTimestamp nullable: when that first message was sent, {@value #SENT_TIMESTAMP} of a
   *     replayed message, else the delivery's own (null when the source gave none)
   * @param replayed whether {@value #MESSAGE_ID} was present and well-formed
   */
  public record Origin(String messageId, String sqsMessageId, Instant sentTimestamp, boolean replayed) {
    public Origin {
      requireNonNull(messageId, "messageId");
      requireNonNull(sqsMessageId, "sqsMessageId");
    }
  }

  /**
   * The origin of {@code message}: each attribute above that is present and well-formed (an id of 1
   * to {@value #MAX_ID_LENGTH} ASCII letters, digits, {@code -}, {@code _}, {@code .} or {@code :};
   * a time in decimal milliseconds within the years 1 to 9999), else the message's own value.
   */
  public static Origin originOf(ReceivedMessage message) {
    requireNonNull(message, "message");
    String id = message.attribute(MESSAGE_ID).filter(DeadLetterAttributes::isId).orElse(null);
    String sqsId = message.attribute(SQS_MESSAGE_ID).filter(DeadLetterAttributes::isId).orElse(message.messageId());
    Instant sent = message.attribute(SENT_TIMESTAMP)
        .map(DeadLetterAttributes::parseMillis)
        .orElse(message.sentTimestamp());
    return new Origin(id != null ? id : message.messageId(), sqsId, sent, id != null);
  }

  /**
   * The attributes of {@code rejected} forwarded by loader version {@code loaderVersion}, by name,
   * in the order above. A message that was itself replayed keeps its first origin.
   */
  public static Map<String, String> of(RejectedMessage rejected, String loaderVersion) {
    requireNonNull(rejected, "rejected");
    requireNonNull(loaderVersion, "loaderVersion");
    Origin origin = originOf(rejected.message());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(MESSAGE_ID, rejected.rejection().messageId());
    attributes.put(SQS_MESSAGE_ID, origin.sqsMessageId());
    if (origin.sentTimestamp() != null) {
      attributes.put(SENT_TIMESTAMP, Long.toString(origin.sentTimestamp().toEpochMilli()));
    }
    attributes.put(REASON, rejected.rejection().reason().name());
    attributes.put(VERSION, loaderVersion);
    return attributes;
  }

  /** Whether {@code value} is a usable id: 1 to 128 ASCII letters, digits, '-', '_', '.' or ':'. */
  public static boolean isId(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** The instant of a decimal millisecond count within the years 1 to 9999; null when it is not one. */
  private static Instant parseMillis(String value) {
    if (value.isEmpty() || value.length() > 19) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < '0' || c > '9') && !(i == 0 && c == '-' && value.length() > 1)) {
        return null;
      }
    }
    long millis;
    try {
      millis = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
    return millis < MIN_MILLIS || millis > MAX_MILLIS ? null : Instant.ofEpochMilli(millis);
  }
}
