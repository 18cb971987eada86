package dev.loginetl.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Classification of failures as PostgreSQL reports them; exceptions built as pgjdbc builds them. */
class SqlErrorsTest {
  private static final SqlErrors.Context WHERE =
      new SqlErrors.Context(new Endpoint("db.example:5432", "logins"), "etl", "public");
  /** Stands for a value PostgreSQL might quote in its message, which must never be copied. */
  private static final String VALUE = "Key (message_id)=(secret-42)";

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08003", "08006", "08001", "57P01", "57P02", "57P03", "40001", "40P01", "53300",
      "53200", "55P03", "57014", "25006"})
  void failuresWhereARetryMayHelpAreRetryable(String sqlState) {
    EtlException translated = SqlErrors.translate(wrapped(sqlState), WHERE, "writing a batch");

    assertThat(translated).isInstanceOf(RetryableEtlException.class);
    assertThat(translated.getMessage())
        .startsWith("writing a batch failed at PostgreSQL at db.example:5432 and may succeed if retried: SQLSTATE " + sqlState)
        .doesNotContain(VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"42601", "23514", "22001", "XX000", "53100", "58030", "0A000"})
  void otherFailuresAreFatal(String sqlState) {
    EtlException translated = SqlErrors.translate(wrapped(sqlState), WHERE, "writing a batch");

    assertThat(translated).isNotInstanceOf(RetryableEtlException.class);
    assertThat(translated.getMessage()).contains("SQLSTATE " + sqlState).doesNotContain(VALUE);
  }

  @Test
  void aRefusedLoginNamesTheUserAndWhatToCheck() {
    EtlException translated = SqlErrors.translate(wrapped("28P01"), WHERE, "opening connections");

    assertThat(translated).isNotInstanceOf(RetryableEtlException.class);
    assertThat(translated).hasMessage(
        "PostgreSQL at db.example:5432 refused the login for user 'etl': check the database user and password");
  }

  @Test
  void aMissingTableTellsToRunTheMigrations() {
    EtlException translated = SqlErrors.translate(wrapped("42P01"), WHERE, "writing a batch");

    assertThat(translated).hasMessage("writing a batch failed because schema 'public' of PostgreSQL at db.example:5432"
        + " lacks a table or column the loader needs (SQLSTATE 42P01 (undefined_table)): run the migrations first");
  }

  @Test
  void aMissingTableOfTheSchemaAsTheServerReportsItTellsToRunTheMigrations() {
    EtlException translated = SqlErrors.translate(
        server("42P01", "relation \"public.user_logins\" does not exist"), WHERE, "writing a batch");

    assertThat(translated).isNotInstanceOf(RetryableEtlException.class)
        .hasMessageEndingWith("run the migrations first");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "42P01:relation \"pg_temp.loginetl_row_stage\" does not exist",
      "3F000:schema \"pg_temp\" does not exist",
      "26000:prepared statement \"S_1\" does not exist",
      "42P05:prepared statement \"S_1\" already exists",
      "08P01:bind message supplies 9 parameters, but prepared statement \"S_1\" requires 1"})
  void whatAnotherServerSessionKeptIsBlamedOnAPoolerNotOnTheSchema(String stateAndMessage) {
    String state = stateAndMessage.substring(0, 5);
    EtlException translated =
        SqlErrors.translate(server(state, stateAndMessage.substring(6)), WHERE, "writing a batch");

    assertThat(translated).isNotInstanceOf(RetryableEtlException.class);
    assertThat(translated.getMessage())
        .startsWith("writing a batch failed at PostgreSQL at db.example:5432 because something one server session"
            + " kept was looked for in another (SQLSTATE " + state)
        .contains("a connection pooler in transaction mode")
        .doesNotContain("run the migrations", "pg_temp", "S_1");
  }

  @Test
  void aPoolerWithNoFreeServerConnectionIsRetryableAndSaysSo() {
    EtlException translated = SqlErrors.translate(server("08P01", "query_wait_timeout"), WHERE, "writing a batch");

    assertThat(translated).isInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("the connection pooler in between found no free server connection in time");
  }

  @Test
  void aRefusedConnectionSaysNothingAnswers() {
    SQLException refused = new SQLException("Connection to db.example:5432 refused", "08001",
        new ConnectException("Connection refused"));
    EtlException translated =
        SqlErrors.translate(new SQLTransientConnectionException("pool timeout", "08001", refused), WHERE, "writing");

    assertThat(translated).isInstanceOf(RetryableEtlException.class)
        .hasMessage("nothing answers at db.example:5432: is PostgreSQL running?");
  }

  @Test
  void aPoolTimeoutWithoutCauseIsRetryable() {
    EtlException translated =
        SqlErrors.translate(new SQLTransientConnectionException("request timed out after 1000ms"), WHERE, "writing a batch");

    assertThat(translated).isInstanceOf(RetryableEtlException.class)
        .hasMessageStartingWith("writing a batch found no usable connection to PostgreSQL at db.example:5432 in time");
  }

  @Test
  void anIoErrorWithoutSqlStateIsRetryable() {
    EtlException translated =
        SqlErrors.translate(new RuntimeException(new IOException("Broken pipe")), WHERE, "writing a batch");

    assertThat(translated).isInstanceOf(RetryableEtlException.class);
    assertThat(SqlErrors.isConnectionLoss(new RuntimeException(new IOException("x")))).isTrue();
  }

  @Test
  void translationKeepsTheCause() {
    RuntimeException failure = wrapped("40P01");

    assertThat(SqlErrors.translate(failure, WHERE, "writing a batch")).hasCause(failure);
  }

  @Test
  void refusalsAreDataAndConstraintErrorsAndRaisedExceptions() {
    assertThat(SqlErrors.isRefusal(wrapped("23514"))).isTrue();
    assertThat(SqlErrors.isRefusal(wrapped("22P02"))).isTrue();
    assertThat(SqlErrors.isRefusal(wrapped("P0001"))).isTrue();
    assertThat(SqlErrors.isRefusal(wrapped("40P01"))).isFalse();
    assertThat(SqlErrors.isRefusal(wrapped("42P01"))).isFalse();
    assertThat(SqlErrors.isRefusal(new RuntimeException("no SQL at all"))).isFalse();
  }

  @Test
  void aRefusalReasonCarriesTheConditionNameAndNoValue() {
    assertThat(SqlErrors.refusalReason(wrapped("23514"))).isEqualTo("SQLSTATE 23514 (check_violation)");
    assertThat(SqlErrors.refusalReason(wrapped("ZZ999"))).isEqualTo("SQLSTATE ZZ999");
  }

  /** An error as pgjdbc reports what the server sent, wrapped as JDBI hands it over. */
  private static RuntimeException server(String sqlState, String message) {
    ServerErrorMessage error = new ServerErrorMessage("SERROR\0V ERROR\0C" + sqlState + "\0M" + message + "\0");
    return new RuntimeException("statement failed", new PSQLException(error));
  }

  /** How JDBI hands a driver error over: a runtime exception around the SQLException. */
  private static RuntimeException wrapped(String sqlState) {
    return new RuntimeException("statement failed", new SQLException("ERROR: " + VALUE + " already exists", sqlState));
  }
}
