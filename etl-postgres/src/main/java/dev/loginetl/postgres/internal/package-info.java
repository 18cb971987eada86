/**
 * Not API: the write path's SQL and COPY encoding, and the translation of SQL errors. May change
 * without notice; use {@link dev.loginetl.postgres} instead.
 */
package dev.loginetl.postgres.internal;
