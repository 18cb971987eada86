package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.sqs.internal.BatchRetry;
import dev.loginetl.sqs.internal.SqsConnection;
import dev.loginetl.sqs.internal.SqsErrors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Puts messages on one queue with {@code SendMessageBatch}, 10 per call: for seeding a demo or a
 * test, and for {@link SqsRejectionForwarder}. Entries that fail server-side are re-sent a few
 * times; entries SQS refuses as invalid, and bodies with characters SQS does not accept (refused
 * before sending), are reported in the {@link Result}, by position, never by content.
 *
 * <p>On a FIFO queue (its name ends in {@code .fifo}) each message needs a group, given in {@link
 * Outgoing#groupId()}, and a deduplication id unless the queue deduplicates by content; on a
 * standard queue both are ignored. Messages of one group keep the order of the list, except that an
 * entry re-sent after a server-side failure follows those sent with it.
 *
 * <p>Thread-safe. Obtained from {@link SqsQueueAdmin#sender}; it shares that administration's
 * client, so it is unusable once the administration is closed.
 */
public final class SqsSender {

  /** SQS's limit on a whole batch's payload; the per-call chunks stay under it. */
  private static final int MAX_BATCH_BYTES = 256 * 1024;
  private static final int MAX_BATCH = 10;
  /** The code SQS gives a body with characters it does not accept. */
  static final String INVALID_CONTENTS = "InvalidMessageContents";
  /** The code of a message SQS refused as too large, alone in its batch. */
  public static final String BATCH_TOO_LONG = "BatchRequestTooLong";

  /**
   * What became of a {@link #send} call.
   *
   * @param sent how many messages are on the queue
   * @param refused the messages SQS refused, in list order
   */
  public record Result(int sent, List<Refused> refused) {
    public Result {
      refused = List.copyOf(refused);
    }
  }

  /**
   * A message to send.
   *
   * @param body the body, never null; it may hold personal data: {@link #toString()} prints its
   *     length only
   * @param attributes message attributes of type {@code String}, by name; copied, none null
   * @param groupId nullable: the {@code MessageGroupId} on a FIFO queue (1 to 128 characters);
   *     ignored on a standard queue
   * @param deduplicationId nullable: the {@code MessageDeduplicationId} on a FIFO queue (1 to 128
   *     characters): a FIFO queue drops a message whose id it took in the last five minutes;
   *     ignored on a standard queue
   */
  public record Outgoing(String body, Map<String, String> attributes, String groupId, String deduplicationId) {
    public Outgoing {
      requireNonNull(body, "body");
      attributes = Map.copyOf(attributes);
    }

    /** A bare body, without attributes, group or deduplication id. */
    public static Outgoing of(String body) {
      return new Outgoing(body, Map.of(), null, null);
    }

    @Override
    public String toString() {
      return "Outgoing[bodyLength=" + body.length() + ", attributes=" + attributes.keySet() + "]";
    }
  }

  /**
   * A message SQS refused.
   *
   * @param index its position in the list given to {@link #send}
   * @param code SQS's error code, such as {@code InvalidMessageContents} (also given to bodies
   *     refused before sending because of their characters)
   */
  public record Refused(int index, String code) {}

  private final SqsConnection connection;
  private final String queueUrl;
  private final String queueName;
  private final BatchRetry batchRetry;
  private final boolean fifo;

  SqsSender(SqsConnection connection, String queueUrl, BatchRetry batchRetry) {
    this.connection = connection;
    this.queueUrl = queueUrl;
    this.queueName = SqsQueues.nameOf(queueUrl);
    this.batchRetry = batchRetry;
    this.fifo = SqsQueues.isFifo(queueName);
  }

  /** Whether the queue is a FIFO queue (its name ends in {@code .fifo}). */
  public boolean isFifo() {
    return fifo;
  }

  /** The URL of the queue this sender sends to. */
  public String queueUrl() {
    return queueUrl;
  }

  /**
   * Sends every body, in order of the list, without attributes, 10 (or fewer, to stay under SQS's
   * batch payload limit) per call. See {@link #sendMessages}.
   */
  public Result send(List<String> bodies) {
    requireNonNull(bodies, "bodies");
    List<Outgoing> messages = new ArrayList<>(bodies.size());
    for (String body : bodies) {
      messages.add(Outgoing.of(requireNonNull(body, "bodies must not contain null")));
    }
    return sendMessages(messages);
  }

  /**
   * Sends every message, in order of the list, 10 (or fewer, to stay under SQS's batch payload
   * limit, attributes included) per call.
   *
   * @param messages none null
   * @return how many were sent, and which were refused
   * @throws RetryableEtlException when the endpoint failed or some entries still failed
   *     server-side after the re-sends; the messages before them are sent, so sending them all again
   *     duplicates those
   * @throws EtlException when SQS refused the whole call (queue missing, access denied)
   */
  public Result sendMessages(List<Outgoing> messages) {
    requireNonNull(messages, "messages");
    List<Refused> refused = new ArrayList<>();
    int sent = 0;
    int from = 0;
    while (from < messages.size()) {
      List<SendMessageBatchRequestEntry> chunk = new ArrayList<>(MAX_BATCH);
      int bytes = 0;
      while (from < messages.size() && chunk.size() < MAX_BATCH) {
        Outgoing message = requireNonNull(messages.get(from), "messages must not contain null");
        if (!hasOnlySqsCharacters(message.body())) {
          // Refused here, as SQS would: some servers (ElasticMQ, on U+FFFF) fail the whole batch.
          refused.add(new Refused(from, INVALID_CONTENTS));
          from++;
          continue;
        }
        int size = size(message);
        if (!chunk.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
          break;
        }
        bytes += size;
        chunk.add(entry(Integer.toString(from), message));
        from++;
      }
      if (chunk.isEmpty()) {
        continue;
      }
      sent += sendChunk(chunk, refused, sent, messages.size());
    }
    refused.sort(Comparator.comparingInt(Refused::index));
    return new Result(sent, refused);
  }

  /**
   * Sends one chunk; adds what SQS refused to {@code refused}; returns how many it sent. A chunk SQS
   * refuses whole as too long is sent again one message at a time, and a message alone that is
   * still too long is refused with SQS's code, as an entry of its own would be.
   */
  private int sendChunk(List<SendMessageBatchRequestEntry> chunk, List<Refused> refused, int sentBefore, int total) {
    BatchRetry.Outcome<SendMessageBatchRequestEntry> outcome;
    try {
      outcome = batchRetry.run(chunk, SendMessageBatchRequestEntry::id,
          entries -> connection.client()
              .sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
              .failed());
    } catch (AwsServiceException e) {
      if (!SqsErrors.isBatchTooLong(e)) {
        throw SqsErrors.translate(e, "send messages to", queueName, connection.endpoint());
      }
      if (chunk.size() == 1) {
        refused.add(new Refused(Integer.parseInt(chunk.get(0).id()), BATCH_TOO_LONG));
        return 0;
      }
      int sent = 0;
      for (SendMessageBatchRequestEntry entry : chunk) {
        sent += sendChunk(List.of(entry), refused, sentBefore + sent, total);
      }
      return sent;
    } catch (SdkException e) {
      throw SqsErrors.translate(e, "send messages to", queueName, connection.endpoint());
    }
    outcome.refused().forEach(f -> refused.add(
        new Refused(Integer.parseInt(f.entry().id()),
            f.error().code() == null ? "no error code" : f.error().code())));
    if (!outcome.unresolved().isEmpty()) {
      throw new RetryableEtlException("SQS failed to take " + outcome.unresolved().size()
          + " messages on queue '" + queueName + "' after retries, with " + (sentBefore + outcome.succeeded())
          + " of " + total + " sent before.");
    }
    return outcome.succeeded();
  }

  private SendMessageBatchRequestEntry entry(String id, Outgoing message) {
    SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
        .id(id)
        .messageBody(message.body());
    if (!message.attributes().isEmpty()) {
      Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
      message.attributes().forEach((name, value) -> attributes.put(name,
          MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
      entry.messageAttributes(attributes);
    }
    if (fifo) {
      entry.messageGroupId(message.groupId()).messageDeduplicationId(message.deduplicationId());
    }
    return entry.build();
  }

  /** What SQS counts against its size limits: the body, and each attribute's name, type and value. */
  private static int size(Outgoing message) {
    int size = message.body().getBytes(StandardCharsets.UTF_8).length;
    for (Map.Entry<String, String> attribute : message.attributes().entrySet()) {
      size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + "String".length()
          + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  /**
   * Whether every character is one SQS accepts in a body: tab, line feed, carriage return, and
   * U+0020 to U+D7FF, U+E000 to U+FFFD, U+10000 to U+10FFFF (as well-formed surrogate pairs).
   */
  static boolean hasOnlySqsCharacters(String body) {
    for (int i = 0; i < body.length(); ) {
      int c = body.codePointAt(i);
      boolean allowed = c == 0x9 || c == 0xA || c == 0xD
          || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD)
          || (c >= 0x10000 && c <= 0x10FFFF);
      if (!allowed) {
        return false; // lone surrogates land here too: codePointAt returns them as such
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
