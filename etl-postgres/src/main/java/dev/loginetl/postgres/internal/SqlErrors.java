package dev.loginetl.postgres.internal;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Translates what JDBI, pgjdbc, HikariCP and Flyway throw into {@link EtlException} or {@link
 * RetryableEtlException}, once, at the adapter's boundary, keeping the original as the cause.
 *
 * <p>Messages are one sentence built from the SQLSTATE, its condition name and the names of
 * schema objects. They never copy PostgreSQL's own message text or DETAIL line, which can quote the
 * values of a row.
 */
public final class SqlErrors {
  private static final int MAX_CAUSES = 32;

  private SqlErrors() {}

  /** Where a failure happened, for messages: server, user and schema; never the password. */
  public record Context(Endpoint endpoint, String user, String schema) {}

  /** The SQLSTATE of the first SQL exception in the cause chain that has one, or null. */
  public static String sqlState(Throwable failure) {
    for (Throwable t : causes(failure)) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  /**
   * Whether the connection the failure happened on is lost: an I/O error, a connection exception
   * (class 08) or the server terminating the session (57P01, 57P02).
   */
  public static boolean isConnectionLoss(Throwable failure) {
    String state = sqlState(failure);
    return (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")))
        || has(failure, IOException.class);
  }

  /** Whether the failure is the database refusing a row's values; see {@link SqlStates#isRefusal}. */
  public static boolean isRefusal(Throwable failure) {
    return SqlStates.isRefusal(sqlState(failure));
  }

  /**
   * The database's reason for refusing, as a sentence without values: SQLSTATE, condition name and
   * the constraint, column or table it names, such as {@code SQLSTATE 23514 (check_violation) on
   * constraint "locale_known"}.
   */
  public static String refusalReason(Throwable failure) {
    String state = sqlState(failure);
    StringBuilder reason = new StringBuilder("SQLSTATE ").append(SqlStates.describe(state));
    ServerErrorMessage server = serverError(failure);
    if (server != null) {
      if (server.getConstraint() != null) {
        reason.append(" on constraint \"").append(server.getConstraint()).append('"');
      } else if (server.getColumn() != null) {
        reason.append(" in column \"").append(server.getColumn()).append('"');
      } else if (server.getTable() != null) {
        reason.append(" on table \"").append(server.getTable()).append('"');
      }
    }
    return reason.toString();
  }

  /**
   * The loader's exception for a failure: retryable when another attempt may succeed (see {@link
   * SqlStates#isRetryable}, I/O errors, pool timeouts), fatal otherwise.
   *
   * @param doing what was being done, as a gerund phrase: "writing a batch"
   */
  public static EtlException translate(Throwable failure, Context where, String doing) {
    if (failure instanceof EtlException done) {
      return done;
    }
    String server = "PostgreSQL at " + where.endpoint();
    String state = sqlState(failure);
    if (has(failure, UnknownHostException.class)) {
      return new EtlException(
          "the host of " + server + " cannot be resolved: check the JDBC URL", failure);
    }
    EtlException tls = tlsFailure(failure, server);
    if (tls != null) {
      return tls;
    }
    if (has(failure, ConnectException.class)) {
      return new RetryableEtlException(
          "nothing answers at " + where.endpoint() + ": is PostgreSQL running?", failure);
    }
    if (losesSessionState(failure, state)) {
      return new EtlException(
          doing + " failed at " + server + " because something one server session kept was looked for in another"
              + " (SQLSTATE " + SqlStates.describe(state) + "): a connection pooler in transaction mode (such as"
              + " PgBouncer) runs each transaction on any server connection, and something relied on one"
              + " session (a named prepared statement, a temporary table); connect directly or in session mode",
          failure);
    }
    if ("08P01".equals(state) && serverSays(failure, "query_wait_timeout")) {
      return new RetryableEtlException(
          doing + " failed at " + server + " because the connection pooler in between found no free server"
              + " connection in time (query_wait_timeout): give its pool more server connections, or the loader"
              + " fewer writers",
          failure);
    }
    if (state != null) {
      switch (state) {
        case "28P01":
        case "28000":
          return new EtlException(
              server + " refused the login for user '" + where.user()
                  + "': check the database user and password",
              failure);
        case "3D000":
          return new EtlException(
              server + " has no database '" + where.endpoint().database()
                  + "': create it or correct the JDBC URL",
              failure);
        case "42P01":
        case "42703":
        case "3F000":
          return new EtlException(
              doing + " failed because schema '" + where.schema() + "' of " + server
                  + " lacks a table or column the loader needs (SQLSTATE " + SqlStates.describe(state)
                  + "): run the migrations first",
              failure);
        case "42501":
          return new EtlException(
              doing + " failed because user '" + where.user() + "' lacks a privilege in schema '"
                  + where.schema() + "' of " + server + " (SQLSTATE " + SqlStates.describe(state)
                  + "): grant it",
              failure);
        default:
          break;
      }
      if (SqlStates.isRetryable(state)) {
        return new RetryableEtlException(
            doing + " failed at " + server + " and may succeed if retried: SQLSTATE "
                + SqlStates.describe(state),
            failure);
      }
    }
    if (has(failure, SQLTransientException.class) || has(failure, SQLRecoverableException.class)) {
      return new RetryableEtlException(
          doing + " found no usable connection to " + server + " in time: it may be down, restarting or overloaded",
          failure);
    }
    if (state == null && has(failure, IOException.class)) {
      return new RetryableEtlException(
          doing + " lost the connection to " + server, failure);
    }
    if (state != null) {
      return new EtlException(
          doing + " failed at " + server + ": SQLSTATE " + SqlStates.describe(state), failure);
    }
    FlywayException flyway = find(failure, FlywayException.class);
    if (flyway != null) {
      return new EtlException(
          doing + " failed at " + server + ": Flyway reports " + flyway.getErrorCode(), failure);
    }
    return new EtlException(
        doing + " failed at " + server + ": " + failure.getClass().getSimpleName(), failure);
  }

  /**
   * A TLS set-up that cannot work, as one fatal sentence naming the cause, or null when the failure
   * is something else. pgjdbc's own messages (never the server's, and holding no values) tell the
   * host-name and root-file cases apart; the JDK's certificate path exceptions tell the unknown CA.
   */
  static EtlException tlsFailure(Throwable failure, String server) {
    if (has(failure, CertPathBuilderException.class) || has(failure, CertPathValidatorException.class)) {
      return new EtlException(
          server + " presented a TLS certificate that the CA in sslrootcert did not sign: point sslrootcert at the"
              + " CA certificate (bundle) that signed the server's certificate, such as the Amazon RDS bundle",
          failure);
    }
    if (driverSays(failure, "could not be verified by hostnameverifier")) {
      return new EtlException(
          "the TLS certificate of " + server + " does not name the host in the JDBC URL (sslmode=verify-full):"
              + " connect by a name the certificate carries in its subject alternative names",
          failure);
    }
    if (driverSays(failure, "SSL root certificate file")) {
      return new EtlException(
          "the CA file that sslrootcert names cannot be read for " + server
              + ": mount the CA bundle there or correct sslrootcert",
          failure);
    }
    if (driverSays(failure, "server does not support SSL")) {
      return new EtlException(
          server + " does not accept TLS, but the JDBC URL's sslmode requires it: turn ssl on at the server",
          failure);
    }
    return null;
  }

  /** Whether one of pgjdbc's own exception messages in the chain holds {@code words}. */
  private static boolean driverSays(Throwable failure, String words) {
    for (Throwable t : causes(failure)) {
      if (t instanceof PSQLException psql && psql.getServerErrorMessage() == null
          && psql.getMessage() != null && psql.getMessage().contains(words)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the failure is the server not knowing what another server session created: a prepared
   * statement (26000; or 42P05, or 08P01 on binding, when another client's statement of the same
   * name is there), or a temporary table or its schema (42P01, 3F000 naming pg_temp). Behind a
   * pooler in transaction mode that is the pooler's doing, not a missing table. The server's text
   * is only looked at.
   */
  static boolean losesSessionState(Throwable failure, String state) {
    if ("26000".equals(state) || "42P05".equals(state)) {
      return true;
    }
    // "bind message supplies 9 parameters, but prepared statement "S_1" requires 1": another
    // client's statement of the same name.
    if ("08P01".equals(state) && serverSays(failure, "prepared statement")) {
      return true;
    }
    return ("42P01".equals(state) || "3F000".equals(state)) && serverSays(failure, "pg_temp");
  }

  /** Whether the server's message (never copied anywhere) holds {@code words}. */
  private static boolean serverSays(Throwable failure, String words) {
    ServerErrorMessage server = serverError(failure);
    String text = server != null ? server.getMessage() : null;
    if (text == null) {
      SQLException sql = find(failure, SQLException.class);
      text = sql == null ? null : sql.getMessage();
    }
    return text != null && text.contains(words);
  }

  private static ServerErrorMessage serverError(Throwable failure) {
    PSQLException psql = find(failure, PSQLException.class);
    return psql == null ? null : psql.getServerErrorMessage();
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    return find(failure, type) != null;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t : causes(failure)) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The failure and its causes, outermost first; SQLException chains included; cycles cut. */
  private static Iterable<Throwable> causes(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    List<Throwable> chain = new ArrayList<>();
    Throwable t = failure;
    while (t != null && chain.size() < MAX_CAUSES && seen.put(t, Boolean.TRUE) == null) {
      chain.add(t);
      Throwable next = t.getCause();
      if (next == null && t instanceof SQLException sql) {
        next = sql.getNextException();
      }
      t = next;
    }
    return chain;
  }
}
