/**
 * Not API: the write path's SQL, the connection settings that keep it free of session state, and
 * the translation of SQL errors. May change without notice; use {@link dev.loginetl.postgres}
 * instead.
 */
package dev.loginetl.postgres.internal;
