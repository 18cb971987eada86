/**
 * The PostgreSQL adapter: a {@link dev.loginetl.core.port.LoginSink} over JDBI 3, pgjdbc and a
 * HikariCP pool, and the Flyway migrations of its schema.
 *
 * <p>Use: build a {@link dev.loginetl.postgres.PostgresConfig}, call {@link
 * dev.loginetl.postgres.PostgresSchema#migrate} once at start-up, then {@link
 * dev.loginetl.postgres.PostgresLoginSink#open} and share the sink between writer threads; close it
 * at shutdown.
 *
 * <pre>{@code
 * PostgresConfig config = PostgresConfig.of(url, user, Password.of(secret)).withPoolSize(8);
 * PostgresSchema.migrate(config);
 * try (PostgresLoginSink sink = PostgresLoginSink.open(config)) {
 *   WriteResult result = sink.write(rows, rejections);
 * }
 * }</pre>
 *
 * <p>For reversible (tokenize) masks: {@link dev.loginetl.postgres.RevealAudit} records each reveal,
 * {@link dev.loginetl.postgres.MaskedLogins} reads stored masks to reveal, and {@link
 * dev.loginetl.postgres.RewrapJob} re-makes stored masks under a rotated key through a {@link
 * dev.loginetl.postgres.MaskRewrapper} that the caller supplies, since this module holds no keys.
 *
 * <p>Everything under {@code dev.loginetl.postgres.internal} is not API.
 */
package dev.loginetl.postgres;
