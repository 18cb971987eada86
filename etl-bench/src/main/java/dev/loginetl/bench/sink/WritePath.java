package dev.loginetl.bench.sink;

import dev.loginetl.core.model.LoginRow;
import java.sql.SQLException;
import java.util.List;

/**
 * One way of writing a batch of rows to {@code user_logins} in one transaction, idempotently by
 * message id, and reporting the ids it stored. Used by one thread; {@link #close()} releases its
 * connections.
 */
interface WritePath extends AutoCloseable {

  /** Writes and commits the batch; returns how many rows it stored. */
  int write(List<LoginRow> rows) throws SQLException;

  @Override
  void close() throws SQLException;
}
