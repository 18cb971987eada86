package dev.loginetl.postgres.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Tells, without Flyway, whether a schema's Flyway history already holds exactly the loader's
 * migrations: one query, so that a runner whose schema is current starts without loading Flyway or
 * taking the migration lock.
 *
 * <p>"Current" is strict: every migration in {@link #SCRIPTS} applied successfully, in order, with
 * the checksum Flyway computes for the file on the class path, and nothing else in the history but
 * Flyway's own baseline and schema-creation rows. Anything else (no history, a migration missing,
 * failed, edited or unknown to this build) is "not known to be current", and the caller runs Flyway,
 * which migrates, or refuses with its own validation error, as it does without this check.
 *
 * <p>Stateless and thread-safe.
 */
public final class MigrationHistory {
  /**
   * The loader's migrations, in order, as files under {@code dev/loginetl/postgres/migration} on the
   * class path. A test checks that this list and that directory agree.
   */
  public static final List<String> SCRIPTS = List.of(
      "V1__user_logins.sql",
      "V2__message_ids_and_rejections.sql",
      "V3__pii_reveal_audit.sql",
      "V4__sqs_message_ids.sql",
      "V5__resolved_rejections.sql",
      "V6__ip_analytics.sql",
      "V7__partitioned_logins.sql");

  /** Where the scripts are, as a class path resource directory. */
  public static final String RESOURCE_DIR = "dev/loginetl/postgres/migration/";

  private static final String TABLE = "flyway_schema_history";

  private MigrationHistory() {}

  /**
   * The schema's version when its history holds exactly the loader's migrations; empty when it does
   * not, or has no history.
   *
   * @param schema a validated lower-case identifier
   * @throws SQLException when the queries fail
   */
  public static Optional<String> currentVersion(Connection connection, String schema, ClassLoader loader)
      throws SQLException {
    String table = '"' + schema + "\"." + TABLE;
    try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, table);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return Optional.empty();
        }
      }
    }
    List<Applied> applied = new ArrayList<>();
    try (Statement query = connection.createStatement();
        ResultSet rs = query.executeQuery(
            "SELECT version, type, script, checksum, success FROM " + table + " ORDER BY installed_rank")) {
      while (rs.next()) {
        int checksum = rs.getInt(4);
        applied.add(new Applied(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.wasNull() ? null : checksum, rs.getBoolean(5)));
      }
    }
    return isCurrent(applied, loader) ? Optional.of(version(SCRIPTS.get(SCRIPTS.size() - 1))) : Optional.empty();
  }

  /** One row of Flyway's history. */
  record Applied(String version, String type, String script, Integer checksum, boolean success) {}

  static boolean isCurrent(List<Applied> history, ClassLoader loader) {
    List<Applied> migrations = new ArrayList<>();
    for (Applied row : history) {
      if (!row.success()) {
        return false;
      }
      if (row.type().equals("SQL")) {
        migrations.add(row);
      } else if (!row.type().equals("BASELINE") && !row.type().equals("SCHEMA")) {
        return false;
      }
    }
    if (migrations.size() != SCRIPTS.size()) {
      return false;
    }
    for (int i = 0; i < SCRIPTS.size(); i++) {
      String script = SCRIPTS.get(i);
      Applied row = migrations.get(i);
      if (!script.equals(row.script()) || !version(script).equals(row.version())
          || row.checksum() == null || row.checksum() != checksum(loader, script)) {
        return false;
      }
    }
    return true;
  }

  /** The version in a script's name: {@code 2} for {@code V2__message_ids.sql}. */
  static String version(String script) {
    return script.substring(1, script.indexOf("__"));
  }

  /**
   * Flyway's checksum of a script: CRC32 over its lines read as UTF-8, without line endings, a byte
   * order mark removed ({@code org.flywaydb.core.internal.resolver.ChecksumCalculator}).
   */
  static int checksum(ClassLoader loader, String script) {
    CRC32 crc = new CRC32();
    try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read migration " + script, e);
    }
    return (int) crc.getValue();
  }
}
