package dev.loginetl.postgres;

import java.util.List;

/**
 * What {@link PostgresSchema#migrate} did.
 *
 * @param schema the schema migrated
 * @param versionBefore the schema's version before: null for a schema without Flyway history and
 *     without tables, {@code "0"} for one holding the exercise's {@code user_logins}, taken over
 * @param versionAfter the schema's version now
 * @param applied the migrations this call applied, in order; empty when the schema was up to date
 */
public record MigrationReport(
    String schema, String versionBefore, String versionAfter, List<AppliedMigration> applied) {

  public MigrationReport {
    applied = List.copyOf(applied);
  }

  /** One migration applied, such as version {@code 2}, "message ids and rejections". */
  public record AppliedMigration(String version, String description) {}
}
