package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.internal.Endpoint;
import dev.loginetl.postgres.internal.MigrationHistory;
import dev.loginetl.postgres.internal.PartitionCatalog;
import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loader's schema, brought up to date by Flyway from the SQL migrations in {@value #LOCATION}.
 *
 * <p>After {@link #migrate}, the schema holds:
 *
 * <ul>
 *   <li>{@code user_logins}: the exercise's columns ({@code user_id varchar(128), device_type
 *       varchar(32), masked_ip varchar(256), masked_device_id varchar(256), locale varchar(32),
 *       app_version integer, create_date date}) plus {@code message_id text} (the idempotency key:
 *       the source event id, or the SQS message id; unique; NULL in rows written before the loader),
 *       {@code app_version_raw varchar(64)} and {@code sqs_message_id text} (nullable), and what an ip
 *       tells without the ip, all nullable: {@code masked_ip_net varchar(256)} (the mask of its
 *       network), {@code ip_country char(2)}, {@code ip_asn bigint}, {@code ip_asn_org
 *       varchar(128)};
 *   <li>{@code user_logins_rejected}: {@code message_id text} primary key, {@code reason
 *       varchar(32)}, {@code detail text}, {@code redacted_body text}, {@code rejected_at
 *       timestamptz}, all NOT NULL, and {@code sqs_message_id text} (nullable);
 *   <li>from version 7, {@code user_logins} is range-partitioned by {@code create_date} with a
 *       default partition and the unique key {@code (message_id, create_date)}, when the migration
 *       found it empty; one that held rows is left as it was, and a warning says so ({@link
 *       dev.loginetl.postgres.lifecycle.PartitionConversion} converts it); {@code
 *       data_lifecycle_audit} records retention and erasure runs;
 *   <li>{@code pii_reveal_audit}: one row per reveal ({@link RevealAudit}): {@code id bigserial},
 *       {@code revealed_at timestamptz}, {@code actor text}, {@code reason text}, {@code
 *       value_count integer}, {@code source text}, {@code db_user text}, all NOT NULL; never a
 *       value or a mask.
 * </ul>
 *
 * <p>A schema that already holds the exercise's {@code user_logins} (as its Postgres image creates
 * it, without a Flyway history) is taken over with its rows: Flyway records it as version 0 and the
 * migrations add to it. Migrating is idempotent, and safe when several loaders start at once: Flyway
 * holds a PostgreSQL advisory lock while it works.
 *
 * <p>A schema already current costs one query and no lock: when its Flyway history holds exactly this
 * build's migrations, applied successfully and with unchanged checksums, {@link #migrate} returns
 * without loading Flyway or taking the lock (a runner's start is then a few hundred milliseconds
 * shorter, and loaders starting through a pooler in transaction mode need one server connection
 * each). In every other case (no history, a migration to apply, a failed, edited or unknown one)
 * Flyway runs under the lock, migrates or refuses, as it always did.
 *
 * <p><b>Poolers:</b> applying migrations holds one connection in a transaction for the lock while
 * Flyway uses up to two more: through a pooler with fewer server connections than that, migrate
 * against PostgreSQL directly.
 */
public final class PostgresSchema {
  /** Where the migrations are, on the class path. */
  public static final String LOCATION = "classpath:dev/loginetl/postgres/migration";
  /**
   * The most connections {@link #migrate} holds at once: one in a transaction for the lock, and up to
   * two that Flyway uses while it applies migrations.
   */
  public static final int MIGRATION_CONNECTIONS = 3;
  /** The version of the newest migration in {@link #LOCATION}. */
  public static final String CURRENT_VERSION = "7";

  private static final Logger log = LoggerFactory.getLogger(PostgresSchema.class);

  /**
   * What migrating says when it leaves a {@code user_logins} that holds rows unpartitioned, with
   * the schema as its one argument.
   */
  public static final String UNPARTITIONED =
      "user_logins in schema '{}' holds rows, so it was left unpartitioned rather than rewritten; convert it"
          + " without a rewrite with `loginetl migrate --partition` (docs/lifecycle.md)";

  private PostgresSchema() {}

  /**
   * Creates or upgrades the schema {@link PostgresConfig#schema()} names, creating the schema
   * itself when it is missing.
   *
   * @return what was applied
   * @throws dev.loginetl.core.RetryableEtlException when the server cannot be reached now
   * @throws dev.loginetl.core.EtlException when the login is refused, a migration fails, or the
   *     schema's history does not match the migrations (edited or missing ones)
   */
  public static MigrationReport migrate(PostgresConfig config) {
    requireNonNull(config, "config");
    SqlErrors.Context context =
        new SqlErrors.Context(Endpoint.of(config.jdbcUrl()), config.user(), config.schema());
    DataSource dataSource = Sessions.dataSource(config, "loginetl-migrate", Map.of());
    try (Connection connection = dataSource.getConnection()) {
      Optional<String> current =
          MigrationHistory.currentVersion(connection, config.schema(), PostgresSchema.class.getClassLoader());
      if (current.isPresent()) {
        log.info("schema '{}' of PostgreSQL at {} is current, at version {}",
            config.schema(), context.endpoint(), current.get());
        return new MigrationReport(config.schema(), current.get(), current.get(), List.of());
      }
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(e, context, "reading the migration history of schema '" + config.schema() + "'");
    }
    MigrateResult result;
    // Flyway's own lock lives in its history table, which does not exist yet when a schema is
    // baselined: two runners starting at once on the exercise's database would both try to create
    // it. An advisory lock, keyed by schema, serialises them from the very start. It is
    // transaction-scoped, held by a transaction left open on a connection of its own while Flyway
    // works on others, and released when that transaction ends or its connection is lost. A
    // session-level lock would outlive this call behind a pooler in transaction mode, which keeps
    // the server connection (and the lock) after the client closes its own, so that the next
    // migration waited for it forever.
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (PreparedStatement acquire = lock.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        acquire.setString(1, "loginetl-migrate:" + config.schema());
        acquire.execute();
      }
      result =
          Flyway.configure(PostgresSchema.class.getClassLoader())
              .dataSource(dataSource)
              .locations(LOCATION)
              .failOnMissingLocations(true)
              .schemas(config.schema())
              .defaultSchema(config.schema())
              .createSchemas(true)
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .baselineDescription("user_logins as found")
              .validateMigrationNaming(true)
              .cleanDisabled(true)
              .load()
              .migrate();
      lock.rollback();
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(e, context, "migrating schema '" + config.schema() + "'");
    }
    List<MigrationReport.AppliedMigration> applied =
        result.migrations.stream()
            .map(m -> new MigrationReport.AppliedMigration(m.version, m.description))
            .toList();
    MigrationReport report =
        new MigrationReport(
            config.schema(),
            result.initialSchemaVersion,
            // Flyway leaves the target empty when there was nothing to apply.
            result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
            applied);
    log.info("schema '{}' of PostgreSQL at {}: applied {} migration(s), now at version {}",
        config.schema(), context.endpoint(), applied.size(), report.versionAfter());
    if (applied.stream().anyMatch(m -> m.version().equals("7")) && !PartitionCatalog.isPartitioned(config, "user_logins")) {
      log.warn(UNPARTITIONED, config.schema());
    }
    return report;
  }
}
