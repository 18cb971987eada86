package dev.loginetl.example;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.WriteResult;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link LoginSink} that keeps rows and rejections in memory, by message id, for a service that
 * serves recent logins from memory. A database-backed sink keeps the same contract with a unique key
 * on the message id ({@code INSERT ... ON CONFLICT (message_id) DO NOTHING}) in one transaction.
 *
 * <p><b>Contract kept:</b> one {@link #write} stores all it is given or nothing (it cannot fail
 * half-way); a message id is stored at most once as a row and once as a rejection, and a repeat is
 * reported in {@link WriteResult#alreadyPresent()}; a row stored under the id of a stored rejection (a
 * message replayed from a dead-letter queue) marks that rejection resolved and keeps it. It never
 * refuses a row. Nothing survives the process.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; each write holds one lock.
 *
 * <p><b>Lifecycle:</b> {@link #close()} does nothing and may be called any number of times; the
 * store stays readable.
 */
public final class LoginStore implements LoginSink {
  private final Map<String, LoginRow> rows = new LinkedHashMap<>();
  private final Map<String, Rejection> rejections = new LinkedHashMap<>();
  private final Set<String> resolved = new LinkedHashSet<>();

  @Override
  public synchronized WriteResult write(List<LoginRow> newRows, List<Rejection> newRejections) {
    Set<String> present = new HashSet<>();
    for (LoginRow row : newRows) {
      if (rows.putIfAbsent(row.messageId(), row) != null) {
        present.add(row.messageId());
      } else if (rejections.containsKey(row.messageId())) {
        resolved.add(row.messageId());
      }
    }
    for (Rejection rejection : newRejections) {
      if (rejections.putIfAbsent(rejection.messageId(), rejection) != null) {
        present.add(rejection.messageId());
      }
    }
    return present.isEmpty() ? WriteResult.clean() : new WriteResult(present, List.of());
  }

  /** The rows stored, by message id, in the order they were stored; a copy. */
  public synchronized Map<String, LoginRow> rows() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(rows));
  }

  /** The rejections stored, by message id, in the order they were stored; a copy. */
  public synchronized Map<String, Rejection> rejections() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
  }

  /** The ids of the rejections a row stored later resolved, in that order; a copy. */
  public synchronized Set<String> resolvedRejections() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(resolved));
  }

  /** How many messages are stored, rows and rejections together. */
  public synchronized int size() {
    return rows.size() + rejections.size();
  }

  @Override
  public void close() {}
}
