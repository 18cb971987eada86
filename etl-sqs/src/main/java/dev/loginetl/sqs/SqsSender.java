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
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Puts messages on one queue with {@code SendMessageBatch}, 10 per call, for seeding a demo or a
 * test. Entries that fail server-side are re-sent a few times; entries SQS refuses as invalid, and
 * bodies with characters SQS does not accept (refused before sending), are reported in the {@link
 * Result}, by position, never by content.
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

  SqsSender(SqsConnection connection, String queueUrl, BatchRetry batchRetry) {
    this.connection = connection;
    this.queueUrl = queueUrl;
    this.queueName = SqsQueues.nameOf(queueUrl);
    this.batchRetry = batchRetry;
  }

  /** The URL of the queue this sender sends to. */
  public String queueUrl() {
    return queueUrl;
  }

  /**
   * Sends every body, in order of the list, 10 (or fewer, to stay under SQS's batch payload limit)
   * per call.
   *
   * @param bodies the message bodies, none null
   * @return how many were sent, and which were refused
   * @throws RetryableEtlException when the endpoint failed or some entries still failed
   *     server-side after the re-sends; the messages before them are sent, so sending them all again
   *     duplicates those
   * @throws EtlException when SQS refused the whole call (queue missing, access denied)
   */
  public Result send(List<String> bodies) {
    requireNonNull(bodies, "bodies");
    List<Refused> refused = new ArrayList<>();
    int sent = 0;
    int from = 0;
    while (from < bodies.size()) {
      List<SendMessageBatchRequestEntry> chunk = new ArrayList<>(MAX_BATCH);
      int bytes = 0;
      while (from < bodies.size() && chunk.size() < MAX_BATCH) {
        String body = requireNonNull(bodies.get(from), "bodies must not contain null");
        if (!hasOnlySqsCharacters(body)) {
          // Refused here, as SQS would: some servers (ElasticMQ, on U+FFFF) fail the whole batch.
          refused.add(new Refused(from, INVALID_CONTENTS));
          from++;
          continue;
        }
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        if (!chunk.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
          break;
        }
        bytes += size;
        chunk.add(SendMessageBatchRequestEntry.builder()
            .id(Integer.toString(from))
            .messageBody(body)
            .build());
        from++;
      }
      if (chunk.isEmpty()) {
        continue;
      }
      BatchRetry.Outcome<SendMessageBatchRequestEntry> outcome;
      try {
        outcome = batchRetry.run(chunk, SendMessageBatchRequestEntry::id,
            entries -> connection.client()
                .sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
                .failed());
      } catch (SdkException e) {
        throw SqsErrors.translate(e, "send messages to", queueName, connection.endpoint());
      }
      sent += outcome.succeeded();
      outcome.refused().forEach(f -> refused.add(
          new Refused(Integer.parseInt(f.entry().id()),
              f.error().code() == null ? "no error code" : f.error().code())));
      if (!outcome.unresolved().isEmpty()) {
        throw new RetryableEtlException("SQS failed to take " + outcome.unresolved().size()
            + " messages on queue '" + queueName + "' after retries, with " + sent + " of "
            + bodies.size() + " sent before.");
      }
    }
    refused.sort(Comparator.comparingInt(Refused::index));
    return new Result(sent, refused);
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
