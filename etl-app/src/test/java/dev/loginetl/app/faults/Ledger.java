package dev.loginetl.app.faults;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * What a test put on the queue, by SQS message id, and the check that each of those messages ended
 * exactly once where it should: a row in {@code user_logins}, or a recorded rejection in {@code
 * user_logins_rejected}, or (for a test that stops the runner early) still on the queue.
 *
 * <p>It talks to the queue through the AWS SDK itself, not the loader's adapter, so that the
 * message ids it records come from the server, and to PostgreSQL through plain JDBC. Nothing it
 * reports or throws names a body, an ip or a device id: only message ids and counts.
 */
final class Ledger implements AutoCloseable {
  /** Where a message should end. */
  enum Expect { ROW, REJECTION, EITHER }

  /**
   * A message to send.
   *
   * @param body the body
   * @param expect where it should end
   * @param userId the user_id its row carries, unique among the messages of a test, or null when
   *     it has none or it is not unique
   */
  record Planned(String body, Expect expect, String userId) {}

  /** SQS's largest message body, in bytes of UTF-8. */
  static final int MAX_BODY_BYTES = 256 * 1024;

  private final SqsClient sqs;
  private final String queueUrl;
  private final Map<String, Planned> sent = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<Message> taken = new ArrayList<>();
  private final AtomicInteger refusedByServer = new AtomicInteger();
  private final Map<String, Integer> serverCodes = new ConcurrentHashMap<>();
  /** On a FIFO queue, how many groups the messages are spread over. */
  private int groups = 1;

  Ledger(FaultServers servers, String queueUrl) {
    this.sqs = client(servers);
    this.queueUrl = queueUrl;
  }

  /**
   * On a FIFO queue (a name ending in .fifo), spreads the messages sent from now on over {@code
   * groups} message groups, by the hash of their body; each gets a deduplication id of its own.
   */
  Ledger inGroups(int groups) {
    this.groups = groups;
    return this;
  }

  /** The FIFO group a body is sent in, by {@link #inGroups}. */
  String groupOf(String body) {
    return "group-" + Math.floorMod(body.hashCode(), groups);
  }

  static SqsClient client(FaultServers servers) {
    return SqsClient.builder()
        .endpointOverride(servers.sqsEndpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("faults", "faults")))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(8))
        .build();
  }

  /**
   * Sends every message, 10 (or fewer, under SQS's 256 KiB per call) per {@code SendMessageBatch},
   * on 4 threads. A body SQS cannot carry (a character outside its allowed set, or over 256 KiB)
   * is not sent and is counted in {@link #refusedByQueue()}; so is one the server refuses.
   */
  void send(List<Planned> messages) throws Exception {
    List<List<Planned>> chunks = new ArrayList<>();
    List<Planned> chunk = new ArrayList<>();
    int bytes = 0;
    for (Planned planned : messages) {
      int size = planned.body().getBytes(StandardCharsets.UTF_8).length;
      if (!carriable(planned.body()) || size > MAX_BODY_BYTES) {
        refused.incrementAndGet();
        continue;
      }
      if (chunk.size() == 10 || (!chunk.isEmpty() && bytes + size > MAX_BODY_BYTES)) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(planned);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (List<Planned> batch : chunks) {
        done.add(senders.submit(() -> sendBatch(batch)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      senders.shutdownNow();
    }
  }

  private void sendBatch(List<Planned> batch) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    boolean fifo = queueUrl.endsWith(".fifo");
    for (int i = 0; i < batch.size(); i++) {
      SendMessageBatchRequestEntry.Builder entry =
          SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(batch.get(i).body());
      if (fifo) {
        entry.messageGroupId(groupOf(batch.get(i).body())).messageDeduplicationId(java.util.UUID.randomUUID().toString());
      }
      entries.add(entry.build());
    }
    SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
    response.successful().forEach(ok -> sent.put(ok.messageId(), batch.get(Integer.parseInt(ok.id()))));
    refused.addAndGet(response.failed().size());
    refusedByServer.addAndGet(response.failed().size());
    response.failed().forEach(f -> serverCodes.merge(f.code() + " (" + batch.get(Integer.parseInt(f.id())).body()
        .getBytes(StandardCharsets.UTF_8).length + " bytes)", 1, Integer::sum));
  }

  /** Messages on the queue. */
  int sent() {
    return sent.size();
  }

  /** Of {@link #refusedByQueue()}, those the server refused (not those SQS's rules exclude before sending). */
  int refusedByServer() {
    return refusedByServer.get();
  }

  /** The server's error codes, with the sizes of the bodies refused. */
  Map<String, Integer> serverRefusals() {
    return Map.copyOf(serverCodes);
  }

  /** Messages SQS could not carry or refused: never on the queue, so never checked. */
  int refusedByQueue() {
    return refused.get();
  }

  /**
   * The ids of the messages visible on the queue now, each received once and hidden for 10
   * minutes, so that they can be counted without being taken by a runner afterwards.
   */
  Set<String> takeVisible() throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Message> received = java.util.Collections.synchronizedList(new ArrayList<>());
    parallel(4, () -> {
      int emptyReceives = 0;
      while (emptyReceives < 2) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
            .visibilityTimeout(600).waitTimeSeconds(0)).messages();
        emptyReceives = messages.isEmpty() ? emptyReceives + 1 : 0;
        messages.forEach(m -> ids.add(m.messageId()));
        received.addAll(messages);
      }
    });
    taken.addAll(received);
    return Set.copyOf(ids);
  }

  /** Makes what {@link #takeVisible()} hid visible again at once. */
  void releaseTaken() throws Exception {
    List<List<Message>> chunks = new ArrayList<>();
    for (int from = 0; from < taken.size(); from += 10) {
      chunks.add(taken.subList(from, Math.min(taken.size(), from + 10)));
    }
    ConcurrentLinkedQueue<List<Message>> todo = new ConcurrentLinkedQueue<>(chunks);
    parallel(8, () -> {
      for (List<Message> chunk = todo.poll(); chunk != null; chunk = todo.poll()) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
          entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
              .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
        }
        sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
      }
    });
    taken.clear();
  }

  /** Runs {@code task} on {@code threads} threads at once and waits for all; rethrows the first failure. */
  private static void parallel(int threads, Runnable task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(pool.submit(task));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Everything the queue holds, visible, in flight or delayed. A receive comes first because
   * ElasticMQ counts a deleted message as in flight until the queue's next receive; it hides
   * nothing (visibility 0).
   */
  long queueTotal() {
    return depth().total();
  }

  /** As {@link #queueTotal()}, by state. */
  Depth depth() {
    sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).visibilityTimeout(0).waitTimeSeconds(0));
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return new Depth(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
        Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
        Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
  }

  /** A queue's counts: visible, in flight (received, not deleted, still hidden), delayed. */
  record Depth(long visible, long inFlight, long delayed) {
    long total() {
      return visible + inFlight + delayed;
    }
  }

  /** Rows plus recorded rejections in the database now. */
  static long committed(String jdbcUrl) {
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT (SELECT count(*) FROM user_logins) + (SELECT count(*) FROM user_logins_rejected)")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** The check, when every message should have left the queue. */
  Tally check(String jdbcUrl) throws SQLException {
    return check(jdbcUrl, Set.of());
  }

  /**
   * The check, counting the messages in {@code stillQueued} (ids from {@link #takeVisible()}) as
   * accounted for when they are neither a row nor a rejection.
   */
  Tally check(String jdbcUrl, Set<String> stillQueued) throws SQLException {
    Map<String, String> rows = new HashMap<>(); // message id -> user id
    Map<String, Integer> rowsPerUser = new HashMap<>();
    Map<String, String> rejections = new HashMap<>(); // message id -> reason
    int unexplained = 0;
    int wrongValues = 0;
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement()) {
      // By the SQS message id each row or rejection was stored for (message_id holds the event id of
      // an enveloped login, and equals it for a bare one).
      try (ResultSet rs = statement.executeQuery(
          "SELECT coalesce(sqs_message_id, message_id), user_id FROM user_logins")) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getString(2));
          rowsPerUser.merge(rs.getString(2), 1, Integer::sum);
        }
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT coalesce(sqs_message_id, message_id), reason, detail, redacted_body FROM user_logins_rejected")) {
        while (rs.next()) {
          rejections.put(rs.getString(1), rs.getString(2));
          if (rs.getString(2).isBlank() || rs.getString(3).isBlank() || !isJsonObject(rs.getString(4))) {
            unexplained++;
          }
        }
      }
    }
    int lost = 0;
    int duplicated = 0;
    int misplaced = 0;
    int committedAndQueued = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Planned> entry : sent.entrySet()) {
      String id = entry.getKey();
      Planned planned = entry.getValue();
      boolean row = rows.containsKey(id);
      boolean rejected = rejections.containsKey(id);
      boolean queued = stillQueued.contains(id);
      if (!row && !rejected && !queued) {
        lost++;
        note(examples, "lost " + id);
      }
      if (row && rejected) {
        duplicated++;
        note(examples, "row and rejection " + id);
      } else if (row && planned.userId() != null && rowsPerUser.getOrDefault(planned.userId(), 0) > 1) {
        duplicated++;
        note(examples, "several rows for the user of " + id);
      }
      if (row && planned.userId() != null && !planned.userId().equals(rows.get(id))) {
        wrongValues++;
        note(examples, "row with another user_id for " + id);
      }
      if ((row || rejected) && queued) {
        committedAndQueued++;
      }
      if ((planned.expect() == Expect.ROW && rejected) || (planned.expect() == Expect.REJECTION && row)) {
        misplaced++;
        note(examples, (row ? "row" : "rejection (" + rejections.get(id) + ")") + " for " + planned.expect() + " " + id);
      }
    }
    int unknown = 0;
    for (String id : rows.keySet()) {
      unknown += sent.containsKey(id) ? 0 : 1;
    }
    for (String id : rejections.keySet()) {
      unknown += sent.containsKey(id) ? 0 : 1;
    }
    return new Tally(sent.size(), rows.size(), rejections.size(), lost, duplicated, misplaced, unknown, unexplained,
        wrongValues, committedAndQueued, stillQueued.size(), refused.get(), List.copyOf(examples));
  }

  private static void note(List<String> examples, String example) {
    if (examples.size() < 10) {
      examples.add(example);
    }
  }

  @Override
  public void close() {
    sqs.close();
  }

  /**
   * Where every message ended. Message ids only, never contents.
   *
   * @param unexplained rejections without a reason or detail, or whose redacted body is not a JSON object
   * @param wrongValues rows whose user_id is not the one sent
   * @param committedAndQueued messages committed and still on the queue (not deleted after commit)
   */
  record Tally(int checked, int rows, int rejections, int lost, int duplicated, int misplaced, int unknown,
      int unexplained, int wrongValues, int committedAndQueued, int queued, int refusedByQueue, List<String> examples) {

    /** The one line each fault test prints. */
    String line(String scenario, int faults) {
      return "FAULTS " + scenario + ": faults injected " + faults + ", messages checked " + checked + ", lost " + lost
          + ", duplicated " + duplicated + " (rows " + rows + ", rejections " + rejections + ", still queued " + queued
          + ", misplaced " + misplaced + ", refused by the queue " + refusedByQueue + ")";
    }

    @Override
    public String toString() {
      return line("tally", 0) + " unknown " + unknown + ", unexplained " + unexplained + ", wrong values " + wrongValues
          + ", committed and queued " + committedAndQueued + "; examples " + examples;
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static boolean isJsonObject(String text) {
    try {
      return JSON.readTree(text).isObject();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Whether SQS accepts every character of {@code body} (its documented set, as SqsSender checks). */
  static boolean carriable(String body) {
    for (int i = 0; i < body.length(); ) {
      int c = body.codePointAt(i);
      boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
      if (!allowed) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
