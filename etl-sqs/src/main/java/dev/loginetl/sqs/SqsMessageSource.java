package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.sqs.internal.BatchRetry;
import dev.loginetl.sqs.internal.BatchThreads;
import dev.loginetl.sqs.internal.ChunkedBatchSender;
import dev.loginetl.sqs.internal.SqsConnection;
import dev.loginetl.sqs.internal.SqsErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A {@link MessageSource} over one SQS queue, through the AWS SDK for Java v2's sync client.
 *
 * <p>{@link #receive} long-polls ({@code ReceiveMessage} with the configured wait time) and asks
 * for the {@code SentTimestamp}, {@code ApproximateReceiveCount} and {@code MessageGroupId} system
 * attributes and for the message attributes named in {@link DeadLetterAttributes#NAMES}, and no
 * other; {@link ReceivedMessage#attributes()} holds those of the latter that the message carries
 * (as text), and its group on a FIFO queue under {@link ReceivedMessage#GROUP_ID}. Each
 * delivery's {@link ReceivedMessage#handle()} is its receipt handle, a {@code String}. {@link
 * #acknowledge} deletes with {@code DeleteMessageBatch} and {@link #extendVisibility} uses {@code
 * ChangeMessageVisibilityBatch}, both in chunks of 10 with entry ids unique within the call; the
 * chunks of one call are sent in parallel, by up to 24 threads of the source's own. Entries
 * that fail through no fault of the caller are re-sent a few times with a short backoff; entries
 * refused because their receipt handle is invalid or expired (the message was delivered again, or
 * already deleted) are counted and logged without content, never retried, never fatal: the message
 * comes back and the sink recognises it.
 *
 * <p><b>FIFO queues</b> (a name ending in {@code .fifo}) work the same way. SQS holds back the
 * later messages of a group while an earlier one is in flight, and hands one receive several
 * messages of a group in order; a delivery not deleted in time comes back before the rest of its
 * group. The pipeline never waits for a particular message, so a held-back group delays only
 * itself. A receive whose response is lost leaves its messages, and so their groups, hidden until
 * the visibility timeout ends (no {@code ReceiveRequestAttemptId} is sent).
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; receives, acknowledgements and extensions may
 * run on any number of threads at once, bounded by {@link SqsClientConfig#maxConnections()}.
 *
 * <p><b>Errors:</b> {@link RetryableEtlException} when a retry may help (connection refused or
 * lost, timeouts, throttling, HTTP 5xx, entries still failing server-side after the re-sends);
 * {@link EtlException} otherwise (queue missing, credentials or permission refused, an endpoint
 * that speaks only the legacy query protocol, an entry refused for a reason other than a stale
 * receipt handle). Messages never contain a body. {@link IllegalArgumentException} for a handle
 * that is not a receipt handle or a {@code maxMessages} out of range: bugs in the caller.
 *
 * <p><b>Lifecycle:</b> {@link #open} checks the queue and fails fast with one clear sentence;
 * {@link #close()} stops the batch threads, letting chunks already being sent finish for up to 10 s
 * before interrupting them, then closes the client and its connections; it is idempotent. A
 * receive that is cut short by {@code close()} returns an empty list.
 */
public final class SqsMessageSource implements MessageSource {

  private static final Logger log = LoggerFactory.getLogger(SqsMessageSource.class);
  private static final int MAX_BATCH = 10;
  /**
   * Threads sending the chunks of large acknowledgements and extensions, beyond the caller's own;
   * idle ones end after 30 s. A 500-message acknowledgement is 50 delete calls of up to 10
   * messages, one round trip each. At a 30 ms round trip, 24 threads and 4 writers keep 28 calls
   * going, about 9,000 messages a second, as much as 32 receivers take in there; 8 threads would
   * cap deletes near 4,000. With 32 receivers and 4 writers it stays within the client's
   * {@value SqsClientConfig#DEFAULT_MAX_CONNECTIONS} connections.
   */
  private static final int BATCH_THREADS = 24;
  /** How long {@link #close()} waits for chunks already being sent. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  /**
   * How many messages this source has handled, since it opened.
   *
   * @param received deliveries returned by {@link #receive}
   * @param acknowledged deliveries deleted
   * @param staleAcknowledgements acknowledgements refused because the receipt handle was no longer
   *     valid (the message will come back as a duplicate, or was already gone)
   * @param extended deliveries whose visibility was extended
   * @param staleExtensions extensions refused because the delivery was no longer current
   * @param batchEntryRetries batch entries re-sent after a server-side failure
   */
  public record Counters(
      long received,
      long acknowledged,
      long staleAcknowledgements,
      long extended,
      long staleExtensions,
      long batchEntryRetries) {}

  private final SqsConnection connection;
  private final String queueUrl;
  private final String queueName;
  private final int waitTimeSeconds;
  private final Duration visibilityTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder received = new LongAdder();
  /** Shared by {@link #deletes} and {@link #extensions}. */
  private final BatchThreads batchThreads = new BatchThreads(BATCH_THREADS, CLOSE_WAIT);
  private final ChunkedBatchSender<DeleteMessageBatchRequestEntry, DeleteMessageBatchResponse> deletes;
  private final ChunkedBatchSender<ChangeMessageVisibilityBatchRequestEntry,
      ChangeMessageVisibilityBatchResponse> extensions;

  private SqsMessageSource(
      SqsConnection connection,
      String queueUrl,
      Duration waitTime,
      Duration visibilityTimeout,
      BatchRetry batchRetry) {
    this.connection = connection;
    this.queueUrl = queueUrl;
    this.queueName = SqsQueues.nameOf(queueUrl);
    this.waitTimeSeconds = Math.toIntExact(waitTime.toSeconds());
    this.visibilityTimeout = visibilityTimeout;
    String endpoint = connection.endpoint();
    this.deletes = new ChunkedBatchSender<>(batchThreads, batchRetry, queueName, endpoint,
        new ChunkedBatchSender.Operation<>("delete messages from", "delete",
            DeleteMessageBatchRequestEntry::id,
            chunk -> client().deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk)),
            DeleteMessageBatchResponse::failed,
            this::logStaleAcknowledgements));
    this.extensions = new ChunkedBatchSender<>(batchThreads, batchRetry, queueName, endpoint,
        new ChunkedBatchSender.Operation<>(
            "extend the visibility of messages on", "extend the visibility of",
            ChangeMessageVisibilityBatchRequestEntry::id,
            chunk -> client().changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(chunk)),
            ChangeMessageVisibilityBatchResponse::failed,
            this::logStaleExtensions));
  }

  /**
   * Opens a source over the configured queue: builds the client, resolves the queue's URL when
   * given a name, and reads the queue's attributes, which proves that the endpoint answers in SQS's
   * JSON protocol, the credentials are accepted and the queue exists.
   *
   * @throws EtlException when any of that fails, with a sentence naming the cause and the fix; a
   *     {@link RetryableEtlException} when the endpoint could not be reached
   */
  public static SqsMessageSource open(SqsSourceConfig config) {
    requireNonNull(config, "config");
    SqsConnection connection = SqsConnection.open(config.client());
    try {
      String queueUrl = SqsQueues.resolveUrl(connection, config.queue());
      Map<String, String> attributes =
          SqsQueues.attributes(connection, queueUrl, QueueAttributeName.VISIBILITY_TIMEOUT);
      Duration visibility = config.visibilityTimeout();
      if (visibility == null) {
        visibility = Duration.ofSeconds(parseSeconds(attributes.get("VisibilityTimeout"), queueUrl));
      }
      if (visibility.isZero()) {
        log.warn("SQS queue '{}' hides a delivered message for 0 s: every message becomes visible"
            + " again at once and is processed more than once; set a visibility timeout",
            SqsQueues.nameOf(queueUrl));
      }
      SqsMessageSource source =
          new SqsMessageSource(connection, queueUrl, config.waitTime(), visibility, BatchRetry.DEFAULT);
      log.info("Receiving from SQS queue '{}' at {} (long poll {} s, visibility timeout {} s)",
          source.queueName, connection.endpoint(), source.waitTimeSeconds, visibility.toSeconds());
      return source;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The queue's URL, resolved at start. */
  public String queueUrl() {
    return queueUrl;
  }

  /**
   * The queue's approximate message counts, for health checks and for stopping once the queue is
   * drained; see {@link QueueDepth} for how far to trust them.
   */
  public QueueDepth depth() {
    ensureOpen();
    return SqsQueues.depth(connection, queueUrl);
  }

  @Override
  public List<ReceivedMessage> receive(int maxMessages) {
    if (maxMessages < 1 || maxMessages > MAX_BATCH) {
      throw new IllegalArgumentException(
          "maxMessages must be from 1 to " + MAX_BATCH + ", was " + maxMessages);
    }
    ensureOpen();
    List<Message> messages;
    try {
      messages =
          client().receiveMessage(r -> r.queueUrl(queueUrl)
                  .maxNumberOfMessages(maxMessages)
                  .waitTimeSeconds(waitTimeSeconds)
                  .messageSystemAttributeNames(
                      MessageSystemAttributeName.SENT_TIMESTAMP,
                      MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                      MessageSystemAttributeName.MESSAGE_GROUP_ID)
                  .messageAttributeNames(DeadLetterAttributes.NAMES))
              .messages();
    } catch (RuntimeException e) {
      if (closed.get()) {
        // Cut short by close(): whatever the server handed out comes back after the timeout.
        return List.of();
      }
      if (e instanceof SdkException) {
        throw translate((SdkException) e, "receive messages from");
      }
      throw e;
    }
    List<ReceivedMessage> result = new ArrayList<>(messages.size());
    for (Message m : messages) {
      result.add(toReceived(m));
    }
    received.add(result.size());
    return List.copyOf(result);
  }

  @Override
  public void acknowledge(List<ReceivedMessage> messages) {
    send(deletes, messages, (id, handle) -> DeleteMessageBatchRequestEntry.builder()
        .id(id)
        .receiptHandle(handle)
        .build());
  }

  @Override
  public void extendVisibility(List<ReceivedMessage> messages) {
    send(extensions, messages, (id, handle) -> ChangeMessageVisibilityBatchRequestEntry.builder()
        .id(id)
        .receiptHandle(handle)
        .visibilityTimeout(Math.toIntExact(visibilityTimeout.toSeconds()))
        .build());
  }

  /**
   * Sends one entry per message, its id the message's position in the list, in chunks of 10 sent in
   * parallel; see {@link ChunkedBatchSender}. Nothing is sent when one message is not from an SQS
   * source.
   */
  private <E> void send(ChunkedBatchSender<E, ?> sender, List<ReceivedMessage> messages,
      BiFunction<String, String, E> entry) {
    requireNonNull(messages, "messages");
    if (messages.isEmpty()) {
      return;
    }
    ensureOpen();
    List<E> entries = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      entries.add(entry.apply(Integer.toString(i), receiptHandle(messages.get(i))));
    }
    sender.send(entries);
  }

  private void logStaleAcknowledgements(int stale, int total, Set<String> codes) {
    log.info("{} of {} acknowledgements on SQS queue '{}' named deliveries that are no longer"
            + " current ({}); those messages stay queued and will be recognised as duplicates",
        stale, total, queueName, codes);
  }

  private void logStaleExtensions(int stale, int total, Set<String> codes) {
    log.debug("{} of {} visibility extensions on SQS queue '{}' named deliveries that are no"
        + " longer current ({})", stale, total, queueName, codes);
  }

  @Override
  public Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  /** A snapshot of this source's counters. */
  public Counters counters() {
    return new Counters(
        received.sum(),
        deletes.succeeded(),
        deletes.stale(),
        extensions.succeeded(),
        extensions.stale(),
        deletes.retries() + extensions.retries());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      // Chunks already on their way finish before the connection goes: their callers wait for them.
      batchThreads.close();
      connection.close();
      log.debug("Closed the SQS source for queue '{}'", queueName);
    }
  }

  @Override
  public String toString() {
    return "SqsMessageSource[queue=" + queueName + ", endpoint=" + connection.endpoint() + "]";
  }

  private SqsClient client() {
    return connection.client();
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new EtlException("The SQS source for queue '" + queueName + "' is closed.");
    }
  }

  private EtlException translate(SdkException e, String operation) {
    return SqsErrors.translate(e, operation, queueName, connection.endpoint());
  }

  private static String receiptHandle(ReceivedMessage message) {
    if (!(message.handle() instanceof String)) {
      throw new IllegalArgumentException(
          "Message " + message.messageId() + " was not delivered by an SQS source: its handle is"
              + " not a receipt handle.");
    }
    return (String) message.handle();
  }

  private static ReceivedMessage toReceived(Message m) {
    Map<MessageSystemAttributeName, String> attributes = m.attributes();
    Instant sent = null;
    String sentMillis = attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP);
    if (sentMillis != null) {
      try {
        sent = Instant.ofEpochMilli(Long.parseLong(sentMillis));
      } catch (NumberFormatException e) {
        log.warn("SQS message {} has a SentTimestamp that is not a number; treating it as unknown",
            m.messageId());
      }
    }
    int receiveCount = 1;
    String count = attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    if (count != null) {
      try {
        receiveCount = Math.max(1, Integer.parseInt(count));
      } catch (NumberFormatException e) {
        log.warn("SQS message {} has an ApproximateReceiveCount that is not a number; using 1",
            m.messageId());
      }
    }
    return new ReceivedMessage(m.messageId(), m.body(), sent, receiveCount, m.receiptHandle(), attributes(m));
  }

  /** The dead-letter attributes the message carries as text, and its FIFO group. */
  private static Map<String, String> attributes(Message m) {
    String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    if (!m.hasMessageAttributes() && group == null) {
      return Map.of();
    }
    Map<String, String> attributes = new HashMap<>();
    m.messageAttributes().forEach((name, value) -> {
      if (DeadLetterAttributes.NAMES.contains(name) && value.stringValue() != null) {
        attributes.put(name, value.stringValue());
      }
    });
    if (group != null) {
      attributes.put(ReceivedMessage.GROUP_ID, group);
    }
    return attributes;
  }

  private static long parseSeconds(String value, String queueUrl) {
    try {
      return Long.parseLong(requireNonNull(value));
    } catch (RuntimeException e) {
      throw new EtlException("SQS queue '" + SqsQueues.nameOf(queueUrl) + "' reported no usable"
          + " VisibilityTimeout attribute; set the visibility timeout in the SQS configuration.", e);
    }
  }
}
