package dev.loginetl.bench.sink;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The candidate write paths, each on a connection of its own. Apart from {@code sink}, they are
 * written here in plain JDBC with the SQL of the candidate, so that the comparison does not depend
 * on the sink's current code.
 */
final class WritePaths {
  static final List<String> NAMES =
      List.of("copy-session-temp", "copy-txn-temp", "unnest-named", "unnest", "sink");

  private static final String COLUMNS =
      "message_id, user_id, device_type, masked_ip, masked_device_id, locale, app_version, app_version_raw,"
          + " create_date";
  private static final String STAGE_COLUMNS =
      "(message_id text, user_id text, device_type text, masked_ip text, masked_device_id text, locale text,"
          + " app_version integer, app_version_raw text, create_date date)";

  private WritePaths() {}

  /**
   * Opens the path {@code name} on the schema of {@code config}, which is migrated.
   *
   * <ul>
   *   <li>{@code copy-session-temp}: COPY into a temporary table created once per session ({@code ON
   *       COMMIT DELETE ROWS}), then INSERT ... SELECT; it cannot work behind a transaction pooler,
   *       whose next transaction may run on a server session without that table; pgjdbc's default
   *       prepareThreshold (5);
   *   <li>{@code copy-txn-temp}: the same with the temporary table created in each transaction
   *       ({@code ON COMMIT DROP});
   *   <li>{@code unnest-named}: one INSERT ... SELECT FROM unnest(arrays), pgjdbc's default
   *       prepareThreshold (a named server statement from the fifth use);
   *   <li>{@code unnest}: the same with {@code prepareThreshold=0} (unnamed statements only);
   *   <li>{@code sink}: {@link PostgresLoginSink#write} itself, with a pool of one connection.
   * </ul>
   */
  static WritePath open(String name, PostgresConfig config, String password) throws SQLException {
    String table = '"' + config.schema() + "\".user_logins";
    switch (name) {
      case "copy-session-temp":
        return new Copy(connect(config, password, null), table, false);
      case "copy-txn-temp":
        return new Copy(connect(config, password, null), table, true);
      case "unnest-named":
        return new Unnest(connect(config, password, null), table);
      case "unnest":
        return new Unnest(connect(config, password, "0"), table);
      case "sink":
        return new Sink(PostgresLoginSink.open(config.withPoolSize(1)));
      default:
        throw new IllegalArgumentException("no write path named " + name + "; known: " + NAMES);
    }
  }

  private static Connection connect(PostgresConfig config, String password, String prepareThreshold)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", config.user());
    properties.setProperty("password", password);
    if (prepareThreshold != null) {
      properties.setProperty("prepareThreshold", prepareThreshold);
    }
    Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties);
    connection.setAutoCommit(false);
    return connection;
  }

  private static String insert(String table, String source) {
    return "INSERT INTO " + table + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM " + source
        + " ORDER BY message_id COLLATE \"C\" ON CONFLICT DO NOTHING RETURNING message_id";
  }

  private static int count(PreparedStatement insert) throws SQLException {
    int stored = 0;
    try (ResultSet ids = insert.executeQuery()) {
      while (ids.next()) {
        stored++;
      }
    }
    return stored;
  }

  private static final class Copy implements WritePath {
    private final Connection connection;
    private final boolean perTransaction;
    private final String copy;
    private final String insert;
    private boolean created;

    Copy(Connection connection, String table, boolean perTransaction) {
      this.connection = connection;
      this.perTransaction = perTransaction;
      String stage = perTransaction ? "pg_temp.bench_txn_stage" : "pg_temp.bench_session_stage";
      this.copy = "COPY " + stage + " (" + COLUMNS + ") FROM STDIN";
      this.insert = insert(table, stage);
    }

    @Override
    public int write(List<LoginRow> rows) throws SQLException {
      if (perTransaction || !created) {
        try (Statement ddl = connection.createStatement()) {
          ddl.execute(perTransaction
              ? "CREATE TEMPORARY TABLE bench_txn_stage " + STAGE_COLUMNS + " ON COMMIT DROP"
              : "CREATE TEMPORARY TABLE bench_session_stage " + STAGE_COLUMNS + " ON COMMIT DELETE ROWS");
        }
        created = true;
      }
      StringBuilder text = new StringBuilder(rows.size() * 256);
      for (LoginRow row : rows) {
        field(text, row.messageId()).append('\t');
        field(text, row.userId()).append('\t');
        field(text, row.deviceType()).append('\t');
        field(text, row.maskedIp()).append('\t');
        field(text, row.maskedDeviceId()).append('\t');
        field(text, row.locale()).append('\t');
        field(text, row.appVersion() == null ? null : row.appVersion().toString()).append('\t');
        field(text, row.appVersionRaw()).append('\t');
        field(text, row.createDate().toString()).append('\n');
      }
      CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      copyIn.writeToCopy(bytes, 0, bytes.length);
      copyIn.endCopy();
      int stored;
      try (PreparedStatement statement = connection.prepareStatement(insert)) {
        stored = count(statement);
      }
      connection.commit();
      return stored;
    }

    private static StringBuilder field(StringBuilder out, String value) {
      if (value == null) {
        return out.append("\\N");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '\t' -> out.append("\\t");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          default -> out.append(c);
        }
      }
      return out;
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  private static final class Unnest implements WritePath {
    private final Connection connection;
    private final String insert;

    Unnest(Connection connection, String table) {
      this.connection = connection;
      this.insert = insert(table,
          "unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[], ?::date[])"
              + " AS batch (" + COLUMNS + ")");
    }

    @Override
    public int write(List<LoginRow> rows) throws SQLException {
      int n = rows.size();
      String[][] text = new String[9][n];
      Integer[] versions = new Integer[n];
      for (int i = 0; i < n; i++) {
        LoginRow row = rows.get(i);
        text[0][i] = row.messageId();
        text[1][i] = row.userId();
        text[2][i] = row.deviceType();
        text[3][i] = row.maskedIp();
        text[4][i] = row.maskedDeviceId();
        text[5][i] = row.locale();
        versions[i] = row.appVersion();
        text[7][i] = row.appVersionRaw();
        text[8][i] = row.createDate().toString();
      }
      int stored;
      try (PreparedStatement statement = connection.prepareStatement(insert)) {
        for (int column = 0; column < 9; column++) {
          String type = column == 6 ? "int4" : column == 8 ? "date" : "text";
          Object[] values = column == 6 ? versions : text[column];
          statement.setArray(column + 1, connection.createArrayOf(type, values));
        }
        stored = count(statement);
      }
      connection.commit();
      return stored;
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  private static final class Sink implements WritePath {
    private final PostgresLoginSink sink;

    Sink(PostgresLoginSink sink) {
      this.sink = sink;
    }

    @Override
    public int write(List<LoginRow> rows) {
      return rows.size() - sink.write(rows, List.of()).alreadyPresent().size();
    }

    @Override
    public void close() {
      sink.close();
    }
  }
}
