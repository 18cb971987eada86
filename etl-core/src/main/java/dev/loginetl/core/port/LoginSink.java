package dev.loginetl.core.port;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import java.util.List;

/**
 * Where rows and rejections are stored, such as PostgreSQL.
 *
 * <p><b>Atomicity:</b> one {@link #write} commits all of its rows and rejections, or none of them.
 *
 * <p><b>Idempotency:</b> an idempotency key ({@link LoginRow#messageId()}, {@link
 * Rejection#messageId()}: the source event id, or the SQS message id) is stored at most once as a
 * row and at most once as a rejection. Writing a row (or a rejection) whose key is stored already, by an earlier call,
 * a concurrent one, or earlier in the same call, stores nothing new and reports the id in {@link
 * WriteResult#alreadyPresent()}. So a write whose outcome is unknown (the connection dropped during
 * commit) can simply be repeated. The rules are deterministic, so a message redelivered, or a copy
 * of one event, becomes the same kind of outcome again. The SQS message id ({@code sqsMessageId})
 * is stored with the row or rejection, as given.
 *
 * <p><b>Refused rows:</b> a row the store cannot take (a constraint the rules did not foresee) does
 * not fail the batch: the sink stores a {@link dev.loginetl.core.model.RejectReason#REFUSED_BY_DATABASE}
 * rejection for it instead, in the same commit, and reports it in {@link WriteResult#refused()}. A
 * row refused again whose rejection is stored already is reported in both {@link
 * WriteResult#refused()} and {@link WriteResult#alreadyPresent()}.
 *
 * <p><b>Resolved rejections:</b> a row stored under a key that is stored as a rejection (a message
 * rejected, fixed and replayed: see {@link DeadLetterAttributes}) marks that rejection resolved, in
 * the same commit. The rejection is kept, not deleted, so that what happened stays visible.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use; the pipeline writes from
 * several threads at once.
 *
 * <p><b>Errors:</b> {@link dev.loginetl.core.RetryableEtlException} when a retry may help (lost
 * connection, server restart, serialisation failure, deadlock), {@link
 * dev.loginetl.core.EtlException} otherwise. After either, the batch may or may not be committed.
 *
 * <p><b>Lifecycle:</b> {@link #close()} releases connections and is idempotent.
 */
public interface LoginSink extends AutoCloseable {

  /**
   * Stores rows and rejections in one atomic unit.
   *
   * @param rows never null, may be empty
   * @param rejections never null, may be empty
   * @return which messages were present already and which rows were refused; never null
   */
  WriteResult write(List<LoginRow> rows, List<Rejection> rejections);

  /** Releases the sink's resources. Idempotent. */
  @Override
  void close();
}
