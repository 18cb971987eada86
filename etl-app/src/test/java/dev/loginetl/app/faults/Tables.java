package dev.loginetl.app.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** What the loader's tables hold, read as the {@code postgres} user of the test servers. */
final class Tables {
  private Tables() {}

  /** Each row of {@code sql} by its first column, as column name to text (null for SQL NULL). */
  static Map<String, Map<String, String>> rows(String jdbcUrl, String sql) throws SQLException {
    Map<String, Map<String, String>> rows = new HashMap<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData columns = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int c = 2; c <= columns.getColumnCount(); c++) {
          row.put(columns.getColumnName(c), rs.getString(c));
        }
        rows.put(rs.getString(1), row);
      }
    }
    return rows;
  }

  /** Every column of every row of {@code table}, as text: what a search for leaked values reads. */
  static String dump(String jdbcUrl, String table) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int c = 1; c <= columns; c++) {
          text.append(rs.getString(c)).append('\t');
        }
        text.append('\n');
      }
    }
    return text.toString();
  }
}
