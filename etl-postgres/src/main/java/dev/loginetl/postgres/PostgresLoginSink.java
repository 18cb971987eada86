package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.internal.Batch;
import dev.loginetl.postgres.internal.Endpoint;
import dev.loginetl.postgres.internal.LoginWriter;
import dev.loginetl.postgres.internal.PartitionCatalog;
import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import dev.loginetl.postgres.internal.Transport;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.HandleCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LoginSink} over PostgreSQL: rows go to {@code user_logins}, rejections to {@code
 * user_logins_rejected}, in the schema {@link PostgresSchema#migrate} prepared.
 *
 * <p><b>Guarantees</b> (those of {@link LoginSink}): each {@link #write} is one transaction; a
 * message id is stored at most once per table, enforced by a unique constraint and {@code INSERT
 * ... ON CONFLICT ... DO NOTHING} (on a partitioned {@code user_logins} the key is {@code
 * (message_id, create_date)}, and the rules give every delivery of an event the same date; the
 * layout is read when the sink opens, so a loader is restarted after its table is converted), so
 * concurrent writers (threads or processes) of the same
 * message store it once and a replay stores nothing; a row the database refuses (a constraint or a
 * data error the rules did not foresee) is found by bisection under savepoints and stored as a
 * {@code REFUSED_BY_DATABASE} rejection whose detail carries the SQLSTATE and its condition name,
 * never the values; the rest of the batch commits. A deferred constraint, checked only at COMMIT, is
 * isolated by writing halves of the batch in transactions of their own, so such a write may commit
 * in parts; a replay of any part stores nothing twice. A row stored under a key that has a rejection
 * (a replayed message) sets that rejection's {@code resolved_at}, in the same transaction.
 *
 * <p><b>Speed:</b> a batch is one {@code INSERT ... SELECT ... FROM unnest(...)} per table, each
 * column bound as one array (more statements only when its text runs into megabytes); the rows'
 * statement also resolves their rejections, and each answers with a count, not with every id.
 *
 * <p><b>Poolers:</b> no state is kept on a server session between transactions (no temporary
 * table, no named prepared statement, no {@code SET} of any kind), so the sink works unchanged behind a
 * pooler in transaction mode such as PgBouncer, with fewer server connections than writers, and
 * does not pin sessions on RDS Proxy. A {@code prepareThreshold} given in the JDBC URL overrides
 * the sink's {@code 0} and breaks this.
 *
 * <p><b>Errors:</b> {@link dev.loginetl.core.RetryableEtlException} for a lost or refused
 * connection, a server shutting down or starting, a pool timeout, a deadlock or serialisation
 * failure, too many connections; {@link EtlException} otherwise (refused login, missing table or
 * privilege, a rejection the database refuses). Messages name the server, user and schema, never
 * the password or a value. {@link IllegalArgumentException} when a value holds U+0000 or an
 * unpaired surrogate, which the core's rules never let through; {@link IllegalStateException} after
 * {@link #close()}.
 *
 * <p><b>Credentials:</b> each new connection logs in with what {@link PostgresConfig#passwords()}
 * gives then; a login the server refuses asks the source once more (see {@link PasswordSource}), so
 * a rotated secret needs no restart. Connections already open stay open.
 *
 * <p><b>TLS:</b> as the URL's {@code sslmode} says; a server that is not on loopback reached
 * without TLS is warned about once per process. A certificate that does not verify fails with a
 * sentence naming the cause (unknown CA, wrong host name).
 *
 * <p><b>Privileges:</b> the user needs USAGE on the schema, SELECT and INSERT on both tables, and UPDATE
 * on {@code user_logins_rejected} (its {@code resolved_at}).
 *
 * <p><b>Thread-safety and lifecycle:</b> safe for concurrent writers, up to {@link
 * PostgresConfig#poolSize()} at a time (more wait for a connection). {@link #close()} closes the
 * pool and is idempotent; writes still running then may fail.
 */
public final class PostgresLoginSink implements LoginSink {
  private static final Logger log = LoggerFactory.getLogger(PostgresLoginSink.class);
  /** How long a write waits for the server to answer before the connection counts as lost. */
  static final int SOCKET_TIMEOUT_SECONDS = 300;

  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final LoginWriter writer;
  private final SqlErrors.Context context;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresLoginSink(HikariDataSource pool, LoginWriter writer, SqlErrors.Context context) {
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
    this.writer = writer;
    this.context = context;
  }

  /**
   * Opens a connection pool and checks that the schema is migrated.
   *
   * @throws dev.loginetl.core.RetryableEtlException when the server cannot be reached now
   * @throws EtlException when the login is refused or the schema lacks the loader's tables (run
   *     {@link PostgresSchema#migrate} first)
   */
  public static PostgresLoginSink open(PostgresConfig config) {
    requireNonNull(config, "config");
    SqlErrors.Context context =
        new SqlErrors.Context(Endpoint.of(config.jdbcUrl()), config.user(), config.schema());
    Transport.warnIfPlaintext(config.jdbcUrl());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(config));
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, context, "opening connections");
    }
    boolean partitioned;
    try {
      checkMigrated(Jdbi.create(pool), config.schema(), context);
      partitioned = Jdbi.create(pool).withHandle(
          h -> PartitionCatalog.isPartitioned(h, config.schema(), "user_logins"));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    log.info("writing to schema '{}' of PostgreSQL at {} with up to {} connections",
        config.schema(), context.endpoint(), config.poolSize());
    return new PostgresLoginSink(pool, new LoginWriter(config.schema(), partitioned), context);
  }

  @Override
  public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
    if (closed.get()) {
      throw new IllegalStateException("the PostgreSQL sink is closed");
    }
    Batch batch = Batch.of(rows, rejections);
    if (batch.isEmpty()) {
      return WriteResult.clean();
    }
    try {
      return inTransaction(handle -> writer.writeFast(handle, batch));
    } catch (SQLException | RuntimeException e) {
      if (!SqlErrors.isRefusal(e)) {
        throw SqlErrors.translate(e, context, "writing a batch");
      }
      log.debug("PostgreSQL refused a batch of {} rows and {} rejections; isolating what it refuses",
          batch.rows().size(), batch.rejections().size());
    }
    WriteResult result = writeIsolating(batch);
    for (Rejection refused : result.refused()) {
      if (!result.alreadyPresent().contains(refused.messageId())) {
        log.warn("PostgreSQL refused the row of message {}; stored a rejection instead: {}",
            refused.messageId(), refused.detail());
      }
    }
    return result;
  }

  /**
   * Writes the batch isolating what the database refuses. A refusal that gets past the writer's
   * savepoints comes from a deferred constraint at COMMIT: halves of the batch are then written in
   * transactions of their own, down to one row, whose rejection is stored instead. The halves that
   * commit stay: a replay of any of their messages stores nothing twice.
   */
  private WriteResult writeIsolating(Batch batch) {
    try {
      return inTransaction(handle -> writer.writeIsolating(handle, batch));
    } catch (SQLException | RuntimeException e) {
      if (!SqlErrors.isRefusal(e) || e instanceof EtlException) {
        throw SqlErrors.translate(e, context, "writing a batch row by row");
      }
      List<LoginRow> rows = batch.rows();
      if (rows.isEmpty()) {
        List<Rejection> rejections = batch.rejections();
        throw LoginWriter.refusedRejection(rejections.size() == 1
            ? "the rejection of message " + rejections.get(0).messageId()
            : "one of " + rejections.size() + " rejections, from message " + rejections.get(0).messageId(),
            SqlErrors.refusalReason(e), e);
      }
      if (rows.size() == 1 && batch.rejections().isEmpty()) {
        try {
          return inTransaction(handle -> writer.writeRefused(handle, rows.get(0), e));
        } catch (SQLException | RuntimeException again) {
          throw again instanceof EtlException etl ? etl
              : SqlErrors.translate(again, context, "storing the rejection of a refused row");
        }
      }
      // Rows go first, as in one transaction: a rejection beside a row of its key stays open.
      List<Batch> parts = rows.size() == 1
          ? List.of(new Batch(rows, List.of(), Set.of()), new Batch(List.of(), batch.rejections(), Set.of()))
          : List.of(new Batch(rows.subList(0, rows.size() / 2), List.of(), Set.of()),
              new Batch(rows.subList(rows.size() / 2, rows.size()), batch.rejections(), Set.of()));
      Set<String> present = new HashSet<>(batch.duplicates());
      List<Rejection> refused = new ArrayList<>();
      for (Batch part : parts) {
        WriteResult result = writeIsolating(part);
        present.addAll(result.alreadyPresent());
        refused.addAll(result.refused());
      }
      return new WriteResult(present, refused);
    }
  }

  /**
   * Runs the work in a transaction. A connection the work found dead is then evicted from the pool,
   * whether or not the pool noticed by itself.
   */
  private <T> T inTransaction(HandleCallback<T, SQLException> work) throws SQLException {
    AtomicReference<Connection> used = new AtomicReference<>();
    try {
      return jdbi.inTransaction(
          handle -> {
            used.set(handle.getConnection());
            return work.withHandle(handle);
          });
    } catch (SQLException | RuntimeException e) {
      if (used.get() != null && SqlErrors.isConnectionLoss(e)) {
        // The connection is back in the pool (or dropped by it already): evicting is then safe.
        pool.evictConnection(used.get());
      }
      throw e;
    }
  }

  /** Closes the connection pool. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.close();
    }
  }

  static HikariConfig poolConfig(PostgresConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("loginetl-postgres");
    // Each new connection asks the password source, so a rotated secret or a renewed IAM token is
    // used without a restart; no user is set here, or the pool would pass its own.
    hikari.setDataSource(Sessions.dataSource(config, "loginetl", Map.of(
        "tcpKeepAlive", "true",
        // A server that vanishes without closing the socket would otherwise hang a write for
        // hours; the write then fails as retryable. A socketTimeout in the URL takes precedence.
        "socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS))));
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(config.poolSize());
    long timeout = config.connectionTimeout().toMillis();
    hikari.setConnectionTimeout(timeout);
    hikari.setValidationTimeout(Math.max(250, Math.min(5_000, timeout / 2)));
    return hikari;
  }

  private static void checkMigrated(Jdbi jdbi, String schema, SqlErrors.Context context) {
    int found;
    try {
      found =
          jdbi.withHandle(
              handle ->
                  handle
                      .createQuery(
                          "SELECT count(*) FROM information_schema.columns WHERE table_schema = :schema"
                              + " AND ((table_name = 'user_logins' AND column_name IN ('message_id', 'app_version_raw'))"
                              + " OR (table_name = 'user_logins_rejected' AND column_name = 'message_id'))")
                      .bind("schema", schema)
                      .mapTo(Integer.class)
                      .one());
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, context, "checking the schema");
    }
    if (found != 3) {
      throw new EtlException(
          "schema '" + schema + "' of PostgreSQL at " + context.endpoint()
              + " lacks the loader's tables or columns: run the migrations first");
    }
  }
}
