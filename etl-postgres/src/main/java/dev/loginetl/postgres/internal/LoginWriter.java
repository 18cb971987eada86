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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The SQL of the write path, run inside a transaction its caller opened.
 *
 * <p>Rows go by {@code COPY} into a temporary staging table of the session, then into {@code
 * user_logins} with {@code INSERT ... SELECT ... ON CONFLICT (message_id) DO NOTHING RETURNING
 * message_id}, which tells which message ids were stored before; rejections likewise. The staging
 * tables are created once per connection ({@link #STAGING_DDL}, run by the pool) and emptied at the
 * end of each transaction ({@code ON COMMIT DELETE ROWS}, or the rollback); while isolating refused
 * rows, which stages again and again in one transaction, the statement that reads them empties them.
 *
 * <p>Stateless apart from its SQL; thread-safe.
 */
public final class LoginWriter {

  /** Creates the session's staging tables; the pool runs it on each new connection. */
  public static final String STAGING_DDL =
      "CREATE TEMPORARY TABLE IF NOT EXISTS loginetl_row_stage ("
          + "message_id text, user_id text, device_type text, masked_ip text, masked_device_id text,"
          + " locale text, app_version integer, app_version_raw text, create_date date, sqs_message_id text)"
          + " ON COMMIT DELETE ROWS;"
          + " CREATE TEMPORARY TABLE IF NOT EXISTS loginetl_rejection_stage ("
          + "message_id text, reason text, detail text, redacted_body text, sqs_message_id text)"
          + " ON COMMIT DELETE ROWS";

  private static final String ROW_COLUMNS =
      "message_id, user_id, device_type, masked_ip, masked_device_id, locale, app_version,"
          + " app_version_raw, create_date, sqs_message_id";
  private static final String REJECTION_COLUMNS = "message_id, reason, detail, redacted_body, sqs_message_id";
  private static final String COPY_ROWS =
      "COPY pg_temp.loginetl_row_stage (" + ROW_COLUMNS + ") FROM STDIN";
  private static final String COPY_REJECTIONS =
      "COPY pg_temp.loginetl_rejection_stage (" + REJECTION_COLUMNS + ") FROM STDIN";
  /** Flush COPY data to the server every this many characters. */
  private static final int COPY_CHUNK = 64 * 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  /** Reads the whole staging table; for a transaction that stages once, emptied at its end. */
  private final String insertRowsOnce;
  private final String insertRejectionsOnce;
  /** Also empties the staging table, for a transaction that stages again and again. */
  private final String insertRowsAndUnstage;
  private final String insertRejectionsAndUnstage;
  private final String rowStored;

  /** @param schema a validated lower-case identifier */
  public LoginWriter(String schema) {
    String quoted = '"' + schema + '"';
    String rowsTable = quoted + ".user_logins";
    String rejectionsTable = quoted + ".user_logins_rejected";
    this.insertRowsOnce = insert(rowsTable, ROW_COLUMNS, "pg_temp.loginetl_row_stage");
    this.insertRejectionsOnce = insert(rejectionsTable, REJECTION_COLUMNS, "pg_temp.loginetl_rejection_stage");
    this.insertRowsAndUnstage =
        "WITH staged AS (DELETE FROM pg_temp.loginetl_row_stage RETURNING *) "
            + insert(rowsTable, ROW_COLUMNS, "staged");
    this.insertRejectionsAndUnstage =
        "WITH staged AS (DELETE FROM pg_temp.loginetl_rejection_stage RETURNING *) "
            + insert(rejectionsTable, REJECTION_COLUMNS, "staged");
    this.rowStored = "SELECT 1 FROM " + rowsTable + " WHERE message_id = ?";
  }

  /** Ordered by message id: all writers take row locks in one order (see Batch). */
  private static String insert(String table, String columns, String source) {
    return "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + source
        + " ORDER BY message_id COLLATE \"C\" ON CONFLICT (message_id) DO NOTHING RETURNING message_id";
  }

  /**
   * Writes the batch with one COPY and one INSERT per table. Any error propagates: the caller rolls
   * back, and when the error is a refusal, calls {@link #writeIsolating} in a new transaction.
   */
  public WriteResult writeFast(Handle handle, Batch batch) throws SQLException {
    Set<String> present = new HashSet<>(batch.duplicates());
    if (!batch.rows().isEmpty()) {
      Set<String> inserted = stageAndInsert(handle, COPY_ROWS, batch.rows(), LoginWriter::encodeRow, insertRowsOnce);
      batch.rows().stream().map(LoginRow::messageId).filter(id -> !inserted.contains(id)).forEach(present::add);
    }
    if (!batch.rejections().isEmpty()) {
      Set<String> inserted =
          stageAndInsert(handle, COPY_REJECTIONS, batch.rejections(), LoginWriter::encodeRejection, insertRejectionsOnce);
      batch.rejections().stream().map(Rejection::messageId).filter(id -> !inserted.contains(id)).forEach(present::add);
    }
    return new WriteResult(present, List.of());
  }

  /**
   * Writes the batch, finding the rows the database refuses by bisection under savepoints, and
   * storing a {@link RejectReason#REFUSED_BY_DATABASE} rejection for each instead.
   *
   * @throws EtlException when the database refuses a rejection: there is nowhere left to put it
   */
  public WriteResult writeIsolating(Handle handle, Batch batch) throws SQLException {
    // A deferrable constraint would otherwise fail only at COMMIT, where no savepoint can isolate it.
    handle.execute("SET CONSTRAINTS ALL IMMEDIATE");
    Set<String> present = new HashSet<>(batch.duplicates());

    Set<String> insertedRows = new HashSet<>();
    List<Refused<LoginRow>> refusedRows = new ArrayList<>();
    isolate(handle, batch.rows(), this::insertRows, insertedRows, refusedRows);
    Set<String> refusedIds = new HashSet<>();
    Map<String, Rejection> replacements = new LinkedHashMap<>();
    for (Refused<LoginRow> refused : refusedRows) {
      refusedIds.add(refused.item().messageId());
      // CHECK and NOT NULL constraints are tested before ON CONFLICT looks for the id, so a replay
      // of a row stored before a constraint was added is refused although it is stored already.
      if (!rowStored(handle, refused.item().messageId())) {
        replacements.put(refused.item().messageId(), asRejection(refused));
      } else {
        present.add(refused.item().messageId());
      }
    }
    for (LoginRow row : batch.rows()) {
      if (!insertedRows.contains(row.messageId()) && !refusedIds.contains(row.messageId())) {
        present.add(row.messageId());
      }
    }

    // A refused row's rejection comes first; a rejection the caller gave for the same id is then
    // stored already, as the contract's in-memory fake does it.
    List<Rejection> all = new ArrayList<>(replacements.values());
    all.addAll(batch.rejections());
    List<Rejection> rejections = Batch.distinct(all, Rejection::messageId, present);
    Set<String> insertedRejections = new HashSet<>();
    List<Refused<Rejection>> refusedRejections = new ArrayList<>();
    isolate(handle, rejections, this::insertRejections, insertedRejections, refusedRejections);
    if (!refusedRejections.isEmpty()) {
      Refused<Rejection> first = refusedRejections.get(0);
      throw new EtlException(
          "PostgreSQL refused to store the rejection of message " + first.item().messageId()
              + " (" + first.reason() + "): check the constraints on user_logins_rejected",
          first.cause());
    }
    List<Rejection> stored = new ArrayList<>();
    for (Rejection rejection : rejections) {
      if (!insertedRejections.contains(rejection.messageId())) {
        present.add(rejection.messageId());
      }
      // A row refused again is reported as refused too (and present): its message goes to the
      // dead-letter queue again.
      if (replacements.get(rejection.messageId()) == rejection) {
        stored.add(rejection);
      }
    }
    return new WriteResult(present, stored);
  }

  /** An item the database refused, with its reason (no values) and the error. */
  private record Refused<T>(T item, String reason, Throwable cause) {}

  @FunctionalInterface
  private interface Inserter<T> {
    Set<String> insert(Handle handle, List<T> items) throws SQLException;
  }

  /**
   * Inserts the items under a savepoint; on a refusal, rolls back to it and tries each half, down
   * to single items, which are then refused. Other errors propagate.
   */
  private <T> void isolate(
      Handle handle, List<T> items, Inserter<T> inserter, Set<String> inserted, List<Refused<T>> refused)
      throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    Connection connection = handle.getConnection();
    Savepoint savepoint = connection.setSavepoint();
    try {
      inserted.addAll(inserter.insert(handle, items));
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
    isolate(handle, items.subList(0, half), inserter, inserted, refused);
    isolate(handle, items.subList(half, items.size()), inserter, inserted, refused);
  }

  private boolean rowStored(Handle handle, String messageId) {
    return handle.createQuery(rowStored).bind(0, messageId).mapTo(Integer.class).findFirst().isPresent();
  }

  private Set<String> insertRows(Handle handle, List<LoginRow> rows) throws SQLException {
    return stageAndInsert(handle, COPY_ROWS, rows, LoginWriter::encodeRow, insertRowsAndUnstage);
  }

  private Set<String> insertRejections(Handle handle, List<Rejection> rejections) throws SQLException {
    return stageAndInsert(handle, COPY_REJECTIONS, rejections, LoginWriter::encodeRejection, insertRejectionsAndUnstage);
  }

  /** COPYs the items into a staging table, then inserts them; returns the ids inserted. */
  private static <T> Set<String> stageAndInsert(
      Handle handle, String copySql, List<T> items, BiConsumer<StringBuilder, T> encoder, String insertSql)
      throws SQLException {
    copy(handle.getConnection(), copySql, items, encoder);
    return handle.createQuery(insertSql).mapTo(String.class).collect(Collectors.toSet());
  }

  private static void encodeRow(StringBuilder out, LoginRow row) {
    CopyText.appendText(out, row.messageId());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, row.userId());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, row.deviceType());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, row.maskedIp());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, row.maskedDeviceId());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, row.locale());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendInteger(out, row.appVersion());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, row.appVersionRaw());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendDate(out, row.createDate());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, row.sqsMessageId());
    out.append(CopyText.ROW_END);
  }

  private static void encodeRejection(StringBuilder out, Rejection rejection) {
    CopyText.appendText(out, rejection.messageId());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, rejection.reason().name());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, rejection.detail());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, rejection.redactedBody());
    out.append(CopyText.FIELD_SEPARATOR);
    CopyText.appendText(out, rejection.sqsMessageId());
    out.append(CopyText.ROW_END);
  }

  /** Streams the items into a COPY, in chunks; cancels the COPY if anything goes wrong. */
  private static <T> void copy(
      Connection connection, String sql, List<T> items, BiConsumer<StringBuilder, T> encoder)
      throws SQLException {
    CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      StringBuilder chunk = new StringBuilder(COPY_CHUNK + 1024);
      for (T item : items) {
        encoder.accept(chunk, item);
        if (chunk.length() >= COPY_CHUNK) {
          send(copyIn, chunk);
        }
      }
      send(copyIn, chunk);
      copyIn.endCopy();
    } catch (SQLException | RuntimeException e) {
      if (copyIn.isActive()) {
        try {
          copyIn.cancelCopy();
        } catch (SQLException cancelFailed) {
          e.addSuppressed(cancelFailed);
        }
      }
      throw e;
    }
  }

  private static void send(CopyIn copyIn, StringBuilder chunk) throws SQLException {
    if (chunk.length() > 0) {
      // Batch.of checked the text, so the encoder replaces nothing.
      byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
      copyIn.writeToCopy(bytes, 0, bytes.length);
      chunk.setLength(0);
    }
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
