package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.sqs.internal.BatchRetry;
import dev.loginetl.sqs.internal.SqsConnection;
import dev.loginetl.sqs.internal.SqsErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Moves messages from a dead-letter queue back to another queue (the one the loader reads), in
 * either of two ways.
 *
 * <ul>
 *   <li><b>SQS's own move task</b> ({@link #startMoveTask}: {@code StartMessageMoveTask}, followed
 *       with {@code ListMessageMoveTasks}, stopped with {@code CancelMessageMoveTask}): the server
 *       moves the messages, at a rate it is given, keeping their bodies and message attributes.
 *       AWS accepts it only for a queue that some queue's redrive policy names as its dead-letter
 *       queue; ElasticMQ (1.6 and later) for any queue, but only with a destination, which is
 *       always given here.
 *   <li><b>Receive, send, delete</b> ({@link #copyBatch}): up to 10 messages received from the
 *       dead-letter queue (hidden for {@value #HIDDEN_SECONDS} s), sent to the destination with
 *       their body and every message attribute verbatim, then deleted from the dead-letter queue.
 *       On FIFO queues a message keeps its group, and its deduplication id is its dead-letter
 *       message id.
 * </ul>
 *
 * <p><b>Nothing is lost either way:</b> a message leaves the dead-letter queue only once it is on the
 * destination. A crash between the send and the delete leaves it on both; sent again by a rerun, it
 * is a copy that the loader stores once (on a FIFO destination, SQS drops the copy itself within five
 * minutes). A message the destination refuses stays on the dead-letter queue, and is counted.
 *
 * <p><b>Errors:</b> as {@link SqsMessageSource}: {@link RetryableEtlException} when a retry may help,
 * {@link EtlException} otherwise, one sentence without bodies or attribute values.
 *
 * <p><b>Thread-safety and lifecycle:</b> one caller at a time. {@link #open} checks both queues;
 * {@link #close()} closes the client and is idempotent. IAM: on the dead-letter queue {@code
 * sqs:ReceiveMessage}, {@code sqs:DeleteMessage}, {@code sqs:GetQueueAttributes} and, for the move
 * task, {@code sqs:StartMessageMoveTask}, {@code sqs:ListMessageMoveTasks}, {@code
 * sqs:CancelMessageMoveTask}; on the destination {@code sqs:SendMessage} and {@code
 * sqs:GetQueueAttributes}.
 */
public final class SqsRedrive implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqsRedrive.class);
  /** How long a received dead-letter message stays hidden while it is being copied. */
  static final int HIDDEN_SECONDS = 30;
  private static final int MAX_BATCH = 10;

  /** What became of a request to start a move task. */
  public sealed interface Start permits Started, Unsupported {}

  /** The server started a move task. */
  public record Started(String taskHandle) implements Start {}

  /**
   * The server refused the move task as such (unknown operation, a source that is no dead-letter
   * queue, a permission missing): receive, send and delete instead.
   *
   * @param code the server's error code, or {@code "no error code"}
   * @param status the HTTP status
   */
  public record Unsupported(String code, int status) implements Start {}

  /**
   * A move task as the server reports it.
   *
   * @param handle nullable: AWS names only running tasks
   * @param status {@code RUNNING}, {@code COMPLETED}, {@code CANCELLING}, {@code CANCELLED} or
   *     {@code FAILED}
   * @param moved approximately how many it moved
   * @param toMove approximately how many it had to move; -1 when the server does not say
   * @param startedMillis when it started, milliseconds since the epoch
   */
  public record MoveTask(String handle, String status, long moved, long toMove, long startedMillis) {
    public boolean running() {
      return "RUNNING".equals(status) || "CANCELLING".equals(status);
    }
  }

  /**
   * What one {@link #copyBatch} did.
   *
   * @param received messages received from the dead-letter queue
   * @param moved messages sent to the destination (and, but for {@code notDeleted}, deleted from the
   *     dead-letter queue)
   * @param refused messages the destination refused, left on the dead-letter queue, by error code
   * @param notDeleted messages sent but not deleted from the dead-letter queue (it will offer them
   *     again: a copy, which the loader stores once)
   * @param onlyRefusedBefore whether every message received had been refused earlier in this run
   */
  public record Batch(int received, int moved, Map<String, Integer> refused, int notDeleted, boolean onlyRefusedBefore) {
    public Batch {
      refused = Map.copyOf(refused);
    }
  }

  private final SqsConnection connection;
  private final String deadLetterUrl;
  private final String destinationUrl;
  private final String deadLetterArn;
  private final String destinationArn;
  private final boolean fifo;
  private final Set<String> refusedIds = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqsRedrive(SqsConnection connection, String deadLetterUrl, String destinationUrl, String deadLetterArn,
      String destinationArn) {
    this.connection = connection;
    this.deadLetterUrl = deadLetterUrl;
    this.destinationUrl = destinationUrl;
    this.deadLetterArn = deadLetterArn;
    this.destinationArn = destinationArn;
    this.fifo = SqsQueues.isFifo(SqsQueues.nameOf(deadLetterUrl));
  }

  /**
   * Opens both queues (URLs or names) and reads their ARNs.
   *
   * @throws EtlException when a queue is missing or unreachable, or one is FIFO and the other not
   */
  public static SqsRedrive open(SqsClientConfig config, String deadLetterQueue, String destinationQueue) {
    requireNonNull(config, "config");
    SqsConnection connection = SqsConnection.open(config);
    try {
      String deadLetterUrl = SqsQueues.resolveUrl(connection, requireNonNull(deadLetterQueue, "deadLetterQueue"));
      String destinationUrl = SqsQueues.resolveUrl(connection, requireNonNull(destinationQueue, "destinationQueue"));
      String deadLetterName = SqsQueues.nameOf(deadLetterUrl);
      String destinationName = SqsQueues.nameOf(destinationUrl);
      if (SqsQueues.isFifo(deadLetterName) != SqsQueues.isFifo(destinationName)) {
        throw new EtlException("The dead-letter queue '" + deadLetterName + "' and the queue '" + destinationName
            + "' are not of one kind (one is FIFO, one is not); redrive into a queue of the dead-letter queue's kind.");
      }
      if (deadLetterUrl.equals(destinationUrl)) {
        throw new EtlException("The dead-letter queue and the queue to redrive into are one queue ('"
            + deadLetterName + "'); name the queue the loader reads.");
      }
      return new SqsRedrive(connection, deadLetterUrl, destinationUrl, SqsQueues.arn(connection, deadLetterUrl),
          SqsQueues.arn(connection, destinationUrl));
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  public String deadLetterQueueName() {
    return SqsQueues.nameOf(deadLetterUrl);
  }

  public String destinationQueueName() {
    return SqsQueues.nameOf(destinationUrl);
  }

  /** The dead-letter queue's approximate counts. */
  public QueueDepth deadLetterDepth() {
    return SqsQueues.depth(connection, deadLetterUrl);
  }

  /**
   * Asks the server to move every message of the dead-letter queue to the destination.
   *
   * @param maxPerSecond nullable: the most messages it moves per second (AWS: 1 to 500); null for
   *     the server's own pace
   * @return the task's handle, or {@link Unsupported} when the server refuses the operation as such
   * @throws EtlException on an outage (retryable), throttling, bad credentials or a missing queue
   */
  public Start startMoveTask(Integer maxPerSecond) {
    try {
      String handle = connection.client().startMessageMoveTask(r -> r.sourceArn(deadLetterArn)
          .destinationArn(destinationArn).maxNumberOfMessagesPerSecond(maxPerSecond)).taskHandle();
      return new Started(handle);
    } catch (AwsServiceException e) {
      if (SqsErrors.refusesOperation(e)) {
        String code = SqsErrors.errorCode(e);
        return new Unsupported(code.isEmpty() ? "no error code" : code, e.statusCode());
      }
      throw translate(e, "start a message move task on");
    } catch (SdkException e) {
      throw translate(e, "start a message move task on");
    }
  }

  /** The move task running now from the dead-letter queue, if any (one runs at a time). */
  public Optional<MoveTask> runningMoveTask() {
    return moveTasks().stream().filter(MoveTask::running).findFirst();
  }

  /**
   * The task {@code handle} as the server lists it now, found by what the server said of it, never
   * by this machine's clock. AWS names only running tasks by their handle; a task no longer running
   * is then the one without a handle that started at {@code startedMillis}, the server's own start
   * time, read while the task was listed with its handle; or, when it never was ({@code -1}), the
   * one without a handle whose start time is none of {@code startedBefore}, the start times the
   * server listed before this task was started (one task runs at a time on a queue).
   */
  public Optional<MoveTask> moveTask(String handle, long startedMillis, Set<Long> startedBefore) {
    requireNonNull(handle, "handle");
    List<MoveTask> tasks = moveTasks();
    Optional<MoveTask> named = tasks.stream().filter(t -> handle.equals(t.handle())).findFirst();
    if (named.isPresent()) {
      return named;
    }
    return tasks.stream()
        .filter(t -> t.handle() == null && !t.running())
        .filter(t -> startedMillis >= 0 ? t.startedMillis() == startedMillis : !startedBefore.contains(t.startedMillis()))
        .max(Comparator.comparingLong(MoveTask::startedMillis));
  }

  /** Cancels the running task {@code handle}; what it moved stays moved. */
  public void cancelMoveTask(String handle) {
    try {
      connection.client().cancelMessageMoveTask(r -> r.taskHandle(handle));
    } catch (SdkException e) {
      throw translate(e, "cancel a message move task on");
    }
  }

  /** The move tasks from the dead-letter queue to the destination that the server lists now (up to 10). */
  public List<MoveTask> moveTasks() {
    List<ListMessageMoveTasksResultEntry> entries;
    try {
      entries = connection.client().listMessageMoveTasks(r -> r.sourceArn(deadLetterArn).maxResults(10)).results();
    } catch (SdkException e) {
      throw translate(e, "list the message move tasks of");
    }
    List<MoveTask> tasks = new ArrayList<>();
    for (ListMessageMoveTasksResultEntry entry : entries) {
      if (entry.destinationArn() != null && !entry.destinationArn().equals(destinationArn)) {
        continue;
      }
      tasks.add(new MoveTask(entry.taskHandle(), entry.status(),
          entry.approximateNumberOfMessagesMoved() == null ? 0 : entry.approximateNumberOfMessagesMoved(),
          entry.approximateNumberOfMessagesToMove() == null ? -1 : entry.approximateNumberOfMessagesToMove(),
          entry.startedTimestamp() == null ? 0 : entry.startedTimestamp()));
    }
    return tasks;
  }

  /**
   * Moves up to {@code max} messages: receives them from the dead-letter queue (waiting up to a
   * second), sends them to the destination, and deletes those sent from the dead-letter queue. A
   * message the destination refuses stays on the dead-letter queue and is not sent again by this
   * instance.
   *
   * @param max 1 to 10
   */
  public Batch copyBatch(int max) {
    if (max < 1 || max > MAX_BATCH) {
      throw new IllegalArgumentException("max must be from 1 to " + MAX_BATCH + ", was " + max);
    }
    if (closed.get()) {
      throw new EtlException("The redrive of '" + deadLetterQueueName() + "' is closed.");
    }
    List<Message> received;
    try {
      received = connection.client().receiveMessage(r -> r.queueUrl(deadLetterUrl)
              .maxNumberOfMessages(max).waitTimeSeconds(1).visibilityTimeout(HIDDEN_SECONDS)
              .messageAttributeNames("All")
              .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
          .messages();
    } catch (SdkException e) {
      throw translate(e, "receive messages from", deadLetterUrl);
    }
    List<Message> fresh = received.stream().filter(m -> !refusedIds.contains(m.messageId())).toList();
    if (fresh.isEmpty()) {
      return new Batch(received.size(), 0, Map.of(), 0, !received.isEmpty());
    }
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>(fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      Message m = fresh.get(i);
      SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
          .id(Integer.toString(i)).messageBody(m.body()).messageAttributes(m.messageAttributes());
      if (fifo) {
        entry.messageGroupId(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
            .messageDeduplicationId(m.messageId());
      }
      entries.add(entry.build());
    }
    BatchRetry.Outcome<SendMessageBatchRequestEntry> sent;
    try {
      sent = BatchRetry.DEFAULT.run(entries, SendMessageBatchRequestEntry::id,
          batch -> connection.client().sendMessageBatch(r -> r.queueUrl(destinationUrl).entries(batch)).failed());
    } catch (SdkException e) {
      throw translate(e, "send messages to", destinationUrl);
    }
    Map<String, Integer> refused = new TreeMap<>();
    Set<String> notSent = new java.util.HashSet<>();
    for (BatchRetry.Failed<SendMessageBatchRequestEntry> failed : sent.refused()) {
      Message m = fresh.get(Integer.parseInt(failed.entry().id()));
      refusedIds.add(m.messageId());
      notSent.add(failed.entry().id());
      refused.merge(SqsErrors.codeOf(failed.error()), 1, Integer::sum);
    }
    sent.unresolved().forEach(f -> notSent.add(f.entry().id()));
    List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
    for (int i = 0; i < fresh.size(); i++) {
      if (!notSent.contains(Integer.toString(i))) {
        deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(fresh.get(i).receiptHandle()).build());
      }
    }
    int notDeleted = 0;
    if (!deletes.isEmpty()) {
      BatchRetry.Outcome<DeleteMessageBatchRequestEntry> deleted;
      try {
        deleted = BatchRetry.DEFAULT.run(deletes, DeleteMessageBatchRequestEntry::id,
            batch -> connection.client().deleteMessageBatch(r -> r.queueUrl(deadLetterUrl).entries(batch)).failed());
      } catch (SdkException e) {
        throw translate(e, "delete messages from", deadLetterUrl);
      }
      notDeleted = deleted.refused().size() + deleted.unresolved().size();
      if (notDeleted > 0) {
        log.warn("{} messages sent to '{}' could not be deleted from the dead-letter queue '{}'; it will offer them"
            + " again, and the loader stores such a copy once", notDeleted, destinationQueueName(), deadLetterQueueName());
      }
    }
    if (!sent.unresolved().isEmpty()) {
      throw new RetryableEtlException("SQS failed to take " + sent.unresolved().size() + " messages on queue '"
          + destinationQueueName() + "' after retries; they stay on the dead-letter queue '" + deadLetterQueueName()
          + "'.");
    }
    return new Batch(received.size(), deletes.size(), refused, notDeleted, false);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
    }
  }

  private EtlException translate(SdkException e, String operation) {
    return translate(e, operation, deadLetterUrl);
  }

  private EtlException translate(SdkException e, String operation, String queueUrl) {
    return SqsErrors.translate(e, operation, SqsQueues.nameOf(queueUrl), connection.endpoint());
  }
}
