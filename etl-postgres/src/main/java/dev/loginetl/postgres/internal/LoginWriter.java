package dev.loginetl.postgres.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.WriteResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of the write path, run inside a transaction its caller opened.
 *
 * <p>Rows go to {@code user_logins} with one {@code INSERT ... SELECT ... FROM unnest(...) ON
 * CONFLICT (message_id, create_date) DO NOTHING}, each column bound as one array parameter, or {@code
 * ON CONFLICT (message_id)} on a {@code user_logins} not partitioned (not converted yet): the
 * conflict names the table's unique key, which on a partitioned table must hold the partition key.
 * The rules give an event the same {@code create_date} on every delivery, so either key stores it
 * once. Rejections go likewise, with {@code ON CONFLICT (message_id)}.
 * The same statement marks resolved the rejections whose message ids it has just stored as rows (a
 * message rejected, forwarded to the dead-letter queue, and replayed once its cause was fixed); only
 * open ones, so a rejection resolved before keeps its first {@code resolved_at}. Rows go first, so a
 * rejection written beside a row of its key stays open, as in the contract's in-memory fake. Each
 * statement answers with one row: how many it stored and, only when that is fewer than it was
 * given, which ones; the usual batch, stored whole, gets no ids back over the wire.
 *
 * <p>A batch is one statement per table (more when its text is large, see {@link Slices}), and
 * leaves nothing behind on the server session: no temporary table, no named prepared statement, no
 * setting; and it sends no {@code SET} of any kind. So a pooler that hands each transaction to
 * another server connection (PgBouncer in transaction mode) serves it unchanged, and one that pins
 * a session when it sees such state or statements (RDS Proxy) does not pin.
 *
 * <p>A constraint or trigger that refused the {@code resolved_at} update would look like a refused
 * row to {@link #writeIsolating}: the schema has none, and should get none.
 *
 * <p>Stateless apart from its SQL; thread-safe.
 */
public final class LoginWriter {

  private static final String ROW_COLUMNS =
      "message_id, user_id, device_type, masked_ip, masked_device_id, locale, app_version,"
          + " app_version_raw, create_date, sqs_message_id, masked_ip_net, ip_country, ip_asn, ip_asn_org";
  /** One array parameter per column of {@link #ROW_COLUMNS}, in that order. */
  private static final String ROW_ARRAYS = "unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
      + " ?::int4[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[])";
  private static final String REJECTION_COLUMNS = "message_id, reason, detail, redacted_body, sqs_message_id";
  private static final String REJECTION_ARRAYS = "unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])";

  /**
   * Most characters of text one statement carries. pgjdbc holds an array parameter whole in memory
   * (as text, then as bytes), so a batch of rejections that keep 256 KiB bodies would otherwise
   * cost several times its size at once; a batch of ordinary rows fits in one statement.
   */
  static final int STATEMENT_CHARS = 1 << 20;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private final String insertRows;
  private final String insertRejections;
  private final String rowStored;

  /**
   * @param schema a validated lower-case identifier
   * @param partitioned whether {@code user_logins} is partitioned, which names its unique key
   */
  public LoginWriter(String schema, boolean partitioned) {
    String quoted = '"' + schema + '"';
    String rejected = quoted + ".user_logins_rejected";
    this.insertRows = insert(quoted + ".user_logins", ROW_COLUMNS, ROW_ARRAYS,
        partitioned ? " (message_id, create_date)" : " (message_id)",
        ", resolved AS (UPDATE " + rejected + " SET resolved_at = now()"
            + " WHERE message_id IN (SELECT message_id FROM stored) AND resolved_at IS NULL)");
    this.insertRejections = insert(rejected, REJECTION_COLUMNS, REJECTION_ARRAYS, " (message_id)", "");
    this.rowStored = "SELECT 1 FROM " + quoted + ".user_logins WHERE message_id = ?";
  }

  /**
   * The insert, ordered by message id (all writers take row locks in one order, see Batch), doing
   * nothing on a conflict with {@code conflict}, then {@code also}, then
   * the answer: how many it stored and, when that is fewer than the last
   * parameter, the ids it stored.
   */
  private static String insert(String table, String columns, String arrays, String conflict, String also) {
    return "WITH stored AS (INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + arrays
        + " AS batch (" + columns + ") ORDER BY message_id COLLATE \"C\""
        + " ON CONFLICT" + conflict + " DO NOTHING RETURNING message_id)" + also
        + " SELECT count(*), CASE WHEN count(*) < ? THEN array_agg(message_id) END FROM stored";
  }

  /**
   * Writes the batch with one INSERT per table. Any error propagates: the caller rolls
   * back, and when the error is a refusal, calls {@link #writeIsolating} in a new transaction.
   */
  public WriteResult writeFast(Handle handle, Batch batch) throws SQLException {
    Set<String> present = new HashSet<>(batch.duplicates());
    if (!batch.rows().isEmpty()) {
      present.addAll(insertRows(handle, batch.rows()));
    }
    if (!batch.rejections().isEmpty()) {
      present.addAll(insertRejections(handle, batch.rejections()));
    }
    return new WriteResult(present, List.of());
  }

  /**
   * Writes the batch, finding the rows the database refuses by bisection under savepoints, and
   * storing a {@link RejectReason#REFUSED_BY_DATABASE} rejection for each instead.
   *
   * <p>A deferred constraint is checked only at COMMIT, where no savepoint can isolate a row, and
   * making it immediate takes a {@code SET CONSTRAINTS}, which pins the session on RDS Proxy. Such
   * a refusal therefore fails the caller's commit; the caller then writes smaller batches in
   * transactions of their own, down to {@link #writeRefused} for one row.
   *
   * @throws EtlException when the database refuses a rejection: there is nowhere left to put it
   */
  public WriteResult writeIsolating(Handle handle, Batch batch) throws SQLException {
    Set<String> present = new HashSet<>(batch.duplicates());

    List<Refused<LoginRow>> refusedRows = new ArrayList<>();
    isolate(handle, batch.rows(), this::insertRows, present, refusedRows);
    Map<String, Rejection> replacements = new LinkedHashMap<>();
    for (Refused<LoginRow> refused : refusedRows) {
      // CHECK and NOT NULL constraints are tested before ON CONFLICT looks for the id, so a replay
      // of a row stored before a constraint was added is refused although it is stored already.
      if (!rowStored(handle, refused.item().messageId())) {
        replacements.put(refused.item().messageId(), asRejection(refused));
      } else {
        present.add(refused.item().messageId());
      }
    }

    // A refused row's rejection comes first; a rejection the caller gave for the same id is then
    // stored already, as the contract's in-memory fake does it.
    List<Rejection> all = new ArrayList<>(replacements.values());
    all.addAll(batch.rejections());
    List<Rejection> rejections = Batch.distinct(all, Rejection::messageId, present);
    storeRejections(handle, rejections, present);
    List<Rejection> stored = new ArrayList<>();
    for (Rejection rejection : rejections) {
      // A row refused again is reported as refused too (and present): its message goes to the
      // dead-letter queue again.
      if (replacements.get(rejection.messageId()) == rejection) {
        stored.add(rejection);
      }
    }
    return new WriteResult(present, stored);
  }

  /**
   * Stores a {@link RejectReason#REFUSED_BY_DATABASE} rejection for a row whose transaction the
   * database refused at COMMIT ({@code refusal}), unless the row is stored already.
   *
   * @throws EtlException when the database refuses the rejection
   */
  public WriteResult writeRefused(Handle handle, LoginRow row, Throwable refusal) throws SQLException {
    if (rowStored(handle, row.messageId())) {
      return new WriteResult(Set.of(row.messageId()), List.of());
    }
    Rejection rejection = asRejection(new Refused<>(row, SqlErrors.refusalReason(refusal), refusal));
    Set<String> present = new HashSet<>();
    storeRejections(handle, List.of(rejection), present);
    return new WriteResult(present, List.of(rejection));
  }

  /**
   * Inserts the rejections under savepoints, adding those stored before to {@code present}.
   *
   * @throws EtlException when the database refuses one: there is nowhere left to put it
   */
  private void storeRejections(Handle handle, List<Rejection> rejections, Set<String> present) throws SQLException {
    List<Refused<Rejection>> refusedRejections = new ArrayList<>();
    isolate(handle, rejections, this::insertRejections, present, refusedRejections);
    if (!refusedRejections.isEmpty()) {
      Refused<Rejection> first = refusedRejections.get(0);
      throw refusedRejection("the rejection of message " + first.item().messageId(), first.reason(), first.cause());
    }
  }

  /** The failure for a rejection the database refused to store. */
  public static EtlException refusedRejection(String which, String reason, Throwable cause) {
    return new EtlException("PostgreSQL refused to store " + which + " (" + reason + "): check the constraints on user_logins_rejected", cause);
  }

  /** An item the database refused, with its reason (no values) and the error. */
  private record Refused<T>(T item, String reason, Throwable cause) {}

  /** Inserts the items and returns the message ids among them that were stored before. */
  @FunctionalInterface
  private interface Inserter<T> {
    Set<String> insert(Handle handle, List<T> items) throws SQLException;
  }

  /**
   * Inserts the items under a savepoint; on a refusal, rolls back to it and tries each half, down
   * to single items, which are then refused. Other errors propagate.
   */
  private <T> void isolate(
      Handle handle, List<T> items, Inserter<T> inserter, Set<String> present, List<Refused<T>> refused)
      throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    Connection connection = handle.getConnection();
    Savepoint savepoint = connection.setSavepoint();
    try {
      present.addAll(inserter.insert(handle, items));
      connection.releaseSavepoint(savepoint);
      return;
    } catch (SQLException | RuntimeException e) {
      if (!SqlErrors.isRefusal(e)) {
        throw e;
      }
      connection.rollback(savepoint);
      connection.releaseSavepoint(savepoint);
      if (items.size() == 1) {
        refused.add(new Refused<>(items.get(0), SqlErrors.refusalReason(e), e));
        return;
      }
    }
    int half = items.size() / 2;
    isolate(handle, items.subList(0, half), inserter, present, refused);
    isolate(handle, items.subList(half, items.size()), inserter, present, refused);
  }

  private boolean rowStored(Handle handle, String messageId) {
    return handle.createQuery(rowStored).bind(0, messageId).mapTo(Integer.class).findFirst().isPresent();
  }

  private Set<String> insertRows(Handle handle, List<LoginRow> rows) throws SQLException {
    Connection connection = handle.getConnection();
    Set<String> present = new HashSet<>();
    for (List<LoginRow> slice : Slices.of(rows, LoginWriter::chars, STATEMENT_CHARS)) {
      int n = slice.size();
      String[] messageIds = new String[n];
      String[] userIds = new String[n];
      String[] deviceTypes = new String[n];
      String[] maskedIps = new String[n];
      String[] maskedDeviceIds = new String[n];
      String[] locales = new String[n];
      Integer[] appVersions = new Integer[n];
      String[] appVersionsRaw = new String[n];
      // ISO yyyy-mm-dd, which PostgreSQL reads whatever its DateStyle; a year it cannot hold is
      // printed as Java prints it and refused by the database.
      String[] createDates = new String[n];
      String[] sqsMessageIds = new String[n];
      String[] maskedIpNets = new String[n];
      String[] ipCountries = new String[n];
      Long[] ipAsns = new Long[n];
      String[] ipAsnOrgs = new String[n];
      for (int i = 0; i < n; i++) {
        LoginRow row = slice.get(i);
        maskedIpNets[i] = row.maskedIpNet();
        ipCountries[i] = row.ipCountry();
        ipAsns[i] = row.ipAsn();
        ipAsnOrgs[i] = row.ipAsnOrg();
        messageIds[i] = row.messageId();
        userIds[i] = row.userId();
        deviceTypes[i] = row.deviceType();
        maskedIps[i] = row.maskedIp();
        maskedDeviceIds[i] = row.maskedDeviceId();
        locales[i] = row.locale();
        appVersions[i] = row.appVersion();
        appVersionsRaw[i] = row.appVersionRaw();
        createDates[i] = row.createDate().toString();
        sqsMessageIds[i] = row.sqsMessageId();
      }
      try (PreparedStatement insert = connection.prepareStatement(insertRows)) {
        insert.setArray(1, connection.createArrayOf("text", messageIds));
        insert.setArray(2, connection.createArrayOf("text", userIds));
        insert.setArray(3, connection.createArrayOf("text", deviceTypes));
        insert.setArray(4, connection.createArrayOf("text", maskedIps));
        insert.setArray(5, connection.createArrayOf("text", maskedDeviceIds));
        insert.setArray(6, connection.createArrayOf("text", locales));
        insert.setArray(7, connection.createArrayOf("int4", appVersions));
        insert.setArray(8, connection.createArrayOf("text", appVersionsRaw));
        insert.setArray(9, connection.createArrayOf("date", createDates));
        insert.setArray(10, connection.createArrayOf("text", sqsMessageIds));
        insert.setArray(11, connection.createArrayOf("text", maskedIpNets));
        insert.setArray(12, connection.createArrayOf("text", ipCountries));
        insert.setArray(13, connection.createArrayOf("int8", ipAsns));
        insert.setArray(14, connection.createArrayOf("text", ipAsnOrgs));
        collectPresent(insert, 15, messageIds, present);
      }
    }
    return present;
  }

  private Set<String> insertRejections(Handle handle, List<Rejection> rejections) throws SQLException {
    Connection connection = handle.getConnection();
    Set<String> present = new HashSet<>();
    for (List<Rejection> slice : Slices.of(rejections, LoginWriter::chars, STATEMENT_CHARS)) {
      int n = slice.size();
      String[] messageIds = new String[n];
      String[] reasons = new String[n];
      String[] details = new String[n];
      String[] bodies = new String[n];
      String[] sqsMessageIds = new String[n];
      for (int i = 0; i < n; i++) {
        Rejection rejection = slice.get(i);
        messageIds[i] = rejection.messageId();
        reasons[i] = rejection.reason().name();
        details[i] = rejection.detail();
        bodies[i] = rejection.redactedBody();
        sqsMessageIds[i] = rejection.sqsMessageId();
      }
      try (PreparedStatement insert = connection.prepareStatement(insertRejections)) {
        insert.setArray(1, connection.createArrayOf("text", messageIds));
        insert.setArray(2, connection.createArrayOf("text", reasons));
        insert.setArray(3, connection.createArrayOf("text", details));
        insert.setArray(4, connection.createArrayOf("text", bodies));
        insert.setArray(5, connection.createArrayOf("text", sqsMessageIds));
        collectPresent(insert, 6, messageIds, present);
      }
    }
    return present;
  }

  /**
   * Binds the count of {@code messageIds} to the parameter {@code countParameter}, runs the insert
   * and adds to {@code present} those of {@code messageIds} it did not store: none when it stored as
   * many as it was given, else those missing from the ids it answers with.
   */
  private static void collectPresent(PreparedStatement insert, int countParameter, String[] messageIds,
      Set<String> present) throws SQLException {
    insert.setInt(countParameter, messageIds.length);
    try (ResultSet answer = insert.executeQuery()) {
      answer.next();
      if (answer.getLong(1) == messageIds.length) {
        return;
      }
      Array storedIds = answer.getArray(2);
      Set<String> stored = storedIds == null ? Set.of() : Set.of((String[]) storedIds.getArray());
      for (String id : messageIds) {
        if (!stored.contains(id)) {
          present.add(id);
        }
      }
    }
  }

  private static int chars(LoginRow row) {
    return length(row.messageId()) + length(row.userId()) + length(row.deviceType()) + length(row.maskedIp())
        + length(row.maskedDeviceId()) + length(row.locale()) + length(row.appVersionRaw())
        + length(row.sqsMessageId()) + length(row.maskedIpNet()) + length(row.ipAsnOrg()) + 40;
  }

  private static int chars(Rejection rejection) {
    return length(rejection.messageId()) + length(rejection.detail()) + length(rejection.redactedBody())
        + length(rejection.sqsMessageId()) + 32;
  }

  private static int length(String value) {
    return value == null ? 0 : value.length();
  }

  /** The rejection stored for a row the database refused. */
  private static Rejection asRejection(Refused<LoginRow> refused) {
    return new Rejection(
        refused.item().messageId(),
        refused.item().sqsMessageId(),
        RejectReason.REFUSED_BY_DATABASE,
        "PostgreSQL refused the row: " + refused.reason(),
        rowAsJson(refused.item()));
  }

  /**
   * The refused row as a JSON object in ASCII, keyed like an incoming message. Its values are the
   * row's, so {@code ip} and {@code device_id} hold masks, never the values in clear.
   */
  static String rowAsJson(LoginRow row) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("user_id", row.userId());
      json.writeStringField("device_type", row.deviceType());
      json.writeStringField("ip", row.maskedIp());
      json.writeStringField("device_id", row.maskedDeviceId());
      json.writeStringField("locale", row.locale());
      json.writeStringField("app_version", row.appVersionRaw());
      json.writeStringField("create_date", row.createDate().toString());
      json.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does no I/O; anything here is a bug.
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
