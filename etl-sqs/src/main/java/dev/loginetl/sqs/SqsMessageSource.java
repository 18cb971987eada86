package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.sqs.internal.BatchRetry;
import dev.loginetl.sqs.internal.SqsConnection;
import dev.loginetl.sqs.internal.SqsErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A {@link MessageSource} over one SQS queue, through the AWS SDK for Java v2's sync client.
 *
 * <p>{@link #receive} long-polls ({@code ReceiveMessage} with the configured wait time) and asks
 * for the {@code SentTimestamp} and {@code ApproximateReceiveCount} system attributes; each
 * delivery's {@link ReceivedMessage#handle()} is its receipt handle, a {@code String}. {@link
 * #acknowledge} deletes with {@code DeleteMessageBatch} and {@link #extendVisibility} uses {@code
 * ChangeMessageVisibilityBatch}, both in chunks of 10 with entry ids unique within the call; the
 * chunks of one call are sent in parallel, by up to 8 threads of the source's own. Entries
 * that fail through no fault of the caller are re-sent a few times with a short backoff; entries
 * refused because their receipt handle is invalid or expired (the message was delivered again, or
 * already deleted) are counted and logged without content, never retried, never fatal: the message
 * comes back and the sink recognises it.
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
 * {@link #close()} closes the client, its connections and the delete threads and is idempotent. A receive that is
 * cut short by {@code close()} returns an empty list.
 */
public final class SqsMessageSource implements MessageSource {

  private static final Logger log = LoggerFactory.getLogger(SqsMessageSource.class);
  private static final int MAX_BATCH = 10;
  /** Threads sending the chunks of large acknowledgements and extensions, beyond the caller's own. */
  private static final int ACKNOWLEDGE_THREADS = 8;
  private static final AtomicInteger ACKNOWLEDGER_NUMBERS = new AtomicInteger();
  /** How long {@link #close()} waits for chunks already being sent. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  /**
   * Batch entry error codes meaning "this receipt handle no longer designates a current delivery":
   * re-sending cannot help, and the message is either gone or will come back.
   */
  private static final Set<String> STALE_HANDLE_CODES =
      Set.of(
          "ReceiptHandleIsInvalid",
          "AWS.SimpleQueueService.ReceiptHandleIsInvalid",
          "InvalidParameterValue",
          "MessageNotInflight",
          "AWS.SimpleQueueService.MessageNotInflight",
          "InvalidIdFormat");

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
  private final BatchRetry batchRetry;
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * Sends the chunks of a large acknowledgement in parallel; when all its threads are busy, or it is
   * shut down, the calling thread sends the chunk itself, so nothing queues up, waits for a thread
   * or is dropped.
   */
  private final ExecutorService acknowledgers =
      new ThreadPoolExecutor(0, ACKNOWLEDGE_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
          SqsMessageSource::acknowledgerThread, (task, pool) -> task.run());

  private final LongAdder received = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder staleAcknowledgements = new LongAdder();
  private final LongAdder extended = new LongAdder();
  private final LongAdder staleExtensions = new LongAdder();
  private final LongAdder batchEntryRetries = new LongAdder();

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
    this.batchRetry = batchRetry;
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
                      MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
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
    requireNonNull(messages, "messages");
    if (messages.isEmpty()) {
      return;
    }
    ensureOpen();
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      entries.add(DeleteMessageBatchRequestEntry.builder()
          .id(Integer.toString(i))
          .receiptHandle(receiptHandle(messages.get(i)))
          .build());
    }
    Failures failures = new Failures();
    RuntimeException error = inParallel(chunks(entries), this::deleteChunk, "Deleting messages from", outcome -> {
      acknowledged.add(outcome.succeeded());
      batchEntryRetries.add(outcome.retries());
      failures.add(outcome.refused(), outcome.unresolved());
    });
    if (error != null) {
      throw error;
    }
    staleAcknowledgements.add(failures.stale);
    if (failures.stale > 0) {
      log.info("{} of {} acknowledgements on SQS queue '{}' named deliveries that are no longer"
              + " current ({}); those messages stay queued and will be recognised as duplicates",
          failures.stale, messages.size(), queueName, failures.staleCodes.keySet());
    }
    failures.throwIfAny("delete", messages.size(), queueName);
  }

  /**
   * Sends chunks in parallel, the first on the calling thread and the others on the source's own
   * threads (or the calling thread too, when those are all busy): one after another, a batch of 500
   * waits for 50 round trips. Every chunk's outcome is handed to {@code record}, on the calling
   * thread, before this returns; the first failure is returned, not thrown, so that the outcomes of
   * the other chunks are counted first.
   */
  private <E> RuntimeException inParallel(List<List<E>> chunks, Function<List<E>, BatchRetry.Outcome<E>> send,
      String doing, Consumer<BatchRetry.Outcome<E>> record) {
    List<Future<BatchRetry.Outcome<E>>> others = new ArrayList<>(chunks.size());
    for (int i = 1; i < chunks.size(); i++) {
      List<E> chunk = chunks.get(i);
      others.add(acknowledgers.submit(() -> send.apply(chunk)));
    }
    RuntimeException firstError = null;
    try {
      record.accept(send.apply(chunks.get(0)));
    } catch (RuntimeException e) {
      firstError = e;
    }
    boolean interrupted = false;
    for (Future<BatchRetry.Outcome<E>> other : others) {
      try {
        record.accept(awaitUninterruptibly(other));
      } catch (ExecutionException e) {
        if (firstError == null) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          firstError = e.getCause() instanceof RuntimeException runtime
              ? runtime
              : new EtlException(doing + " SQS queue '" + queueName + "' failed unexpectedly.", e.getCause());
        }
      }
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return firstError;
  }

  /** Deletes one chunk of at most 10; SDK exceptions come out translated. */
  private BatchRetry.Outcome<DeleteMessageBatchRequestEntry> deleteChunk(
      List<DeleteMessageBatchRequestEntry> chunk) {
    try {
      return batchRetry.run(chunk, DeleteMessageBatchRequestEntry::id,
          sent -> client().deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(sent)).failed());
    } catch (SdkException e) {
      throw translate(e, "delete messages from");
    }
  }

  /**
   * Waits for a chunk sent in parallel. An interrupt is remembered, not obeyed: the deletes are on
   * their way and their outcome must be known; they are bounded by the client's timeouts.
   */
  private static <T> T awaitUninterruptibly(Future<T> future) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void extendVisibility(List<ReceivedMessage> messages) {
    requireNonNull(messages, "messages");
    if (messages.isEmpty()) {
      return;
    }
    ensureOpen();
    int seconds = Math.toIntExact(visibilityTimeout.toSeconds());
    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
          .id(Integer.toString(i))
          .receiptHandle(receiptHandle(messages.get(i)))
          .visibilityTimeout(seconds)
          .build());
    }
    Failures failures = new Failures();
    RuntimeException error = inParallel(chunks(entries), this::extendChunk, "Extending the visibility of messages on",
        outcome -> {
          extended.add(outcome.succeeded());
          batchEntryRetries.add(outcome.retries());
          failures.add(outcome.refused(), outcome.unresolved());
        });
    if (error != null) {
      throw error;
    }
    staleExtensions.add(failures.stale);
    if (failures.stale > 0) {
      log.debug("{} of {} visibility extensions on SQS queue '{}' named deliveries that are no"
          + " longer current ({})", failures.stale, messages.size(), queueName,
          failures.staleCodes.keySet());
    }
    failures.throwIfAny("extend the visibility of", messages.size(), queueName);
  }

  /** Extends one chunk of at most 10; SDK exceptions come out translated. */
  private BatchRetry.Outcome<ChangeMessageVisibilityBatchRequestEntry> extendChunk(
      List<ChangeMessageVisibilityBatchRequestEntry> chunk) {
    try {
      return batchRetry.run(chunk, ChangeMessageVisibilityBatchRequestEntry::id,
          sent -> client().changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(sent)).failed());
    } catch (SdkException e) {
      throw translate(e, "extend the visibility of messages on");
    }
  }

  @Override
  public Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  /** A snapshot of this source's counters. */
  public Counters counters() {
    return new Counters(
        received.sum(),
        acknowledged.sum(),
        staleAcknowledgements.sum(),
        extended.sum(),
        staleExtensions.sum(),
        batchEntryRetries.sum());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      // Chunks already on their way finish before the connection goes: their callers wait for them.
      acknowledgers.shutdown();
      try {
        if (!acknowledgers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          acknowledgers.shutdownNow();
        }
      } catch (InterruptedException e) {
        acknowledgers.shutdownNow();
        Thread.currentThread().interrupt();
      }
      connection.close();
      log.debug("Closed the SQS source for queue '{}'", queueName);
    }
  }

  @Override
  public String toString() {
    return "SqsMessageSource[queue=" + queueName + ", endpoint=" + connection.endpoint() + "]";
  }

  private static Thread acknowledgerThread(Runnable task) {
    Thread thread = new Thread(task, "loginetl-sqs-batch-" + ACKNOWLEDGER_NUMBERS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
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
    return new ReceivedMessage(m.messageId(), m.body(), sent, receiveCount, m.receiptHandle());
  }

  private static <E> List<List<E>> chunks(List<E> entries) {
    List<List<E>> chunks = new ArrayList<>((entries.size() + MAX_BATCH - 1) / MAX_BATCH);
    for (int from = 0; from < entries.size(); from += MAX_BATCH) {
      chunks.add(entries.subList(from, Math.min(entries.size(), from + MAX_BATCH)));
    }
    return chunks;
  }

  private static long parseSeconds(String value, String queueUrl) {
    try {
      return Long.parseLong(requireNonNull(value));
    } catch (RuntimeException e) {
      throw new EtlException("SQS queue '" + SqsQueues.nameOf(queueUrl) + "' reported no usable"
          + " VisibilityTimeout attribute; set the visibility timeout in the SQS configuration.", e);
    }
  }

  /** The entries of one call that neither succeeded nor were stale. */
  private static final class Failures {
    int stale;
    final Map<String, Integer> staleCodes = new TreeMap<>();
    final Map<String, Integer> refusedCodes = new TreeMap<>();
    final Map<String, Integer> unresolvedCodes = new TreeMap<>();
    int refused;
    int unresolved;

    void add(List<? extends BatchRetry.Failed<?>> refusedEntries,
        List<? extends BatchRetry.Failed<?>> unresolvedEntries) {
      for (BatchRetry.Failed<?> f : refusedEntries) {
        String code = codeOf(f.error());
        if (STALE_HANDLE_CODES.contains(code)) {
          stale++;
          staleCodes.merge(code, 1, Integer::sum);
        } else {
          refused++;
          refusedCodes.merge(code, 1, Integer::sum);
        }
      }
      for (BatchRetry.Failed<?> f : unresolvedEntries) {
        unresolved++;
        unresolvedCodes.merge(codeOf(f.error()), 1, Integer::sum);
      }
    }

    void throwIfAny(String verb, int total, String queueName) {
      if (refused > 0) {
        throw new EtlException("SQS refused to " + verb + " " + refused + " of " + total
            + " messages on queue '" + queueName + "' " + refusedCodes
            + "; repeating the call cannot help.");
      }
      if (unresolved > 0) {
        throw new RetryableEtlException("SQS failed to " + verb + " " + unresolved + " of " + total
            + " messages on queue '" + queueName + "' " + unresolvedCodes
            + " after retries; repeating the call is safe.");
      }
    }

    private static String codeOf(BatchResultErrorEntry error) {
      return error.code() == null ? "no error code" : error.code();
    }
  }
}
