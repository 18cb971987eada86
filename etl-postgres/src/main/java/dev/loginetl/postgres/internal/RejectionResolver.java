package dev.loginetl.postgres.internal;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.WriteResult;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Marks resolved the rejections whose key a write has just stored as a row (a message rejected,
 * forwarded to the dead-letter queue, and replayed once its cause was fixed), in the write's own
 * transaction: one {@code UPDATE} by primary key, run only when the write stored rows. A rejection
 * resolved before keeps its first {@code resolved_at}.
 *
 * <p>Stateless apart from its SQL; thread-safe.
 */
public final class RejectionResolver {
  private final String resolve;

  /** @param schema a validated lower-case identifier */
  public RejectionResolver(String schema) {
    this.resolve = "UPDATE \"" + schema + "\".user_logins_rejected SET resolved_at = now()"
        + " WHERE message_id = ANY (?) AND resolved_at IS NULL";
  }

  /**
   * Resolves the rejections of the rows of {@code batch} that {@code result} says were stored now,
   * and returns {@code result}.
   */
  public WriteResult resolve(Handle handle, Batch batch, WriteResult result) throws SQLException {
    Set<String> notStored = new HashSet<>(result.alreadyPresent());
    for (Rejection refused : result.refused()) {
      notStored.add(refused.messageId());
    }
    List<String> stored = new ArrayList<>();
    for (LoginRow row : batch.rows()) {
      if (!notStored.contains(row.messageId())) {
        stored.add(row.messageId());
      }
    }
    if (stored.isEmpty()) {
      return result;
    }
    try (PreparedStatement update = handle.getConnection().prepareStatement(resolve)) {
      Array ids = handle.getConnection().createArrayOf("text", stored.toArray());
      update.setArray(1, ids);
      update.executeUpdate();
      ids.free();
    }
    return result;
  }
}
