/**
 * Where the runner's database password comes from when it is not a fixed value: a mounted secret
 * file re-read when the server refuses it ({@link dev.loginetl.app.credentials.PasswordFile}), or an
 * RDS IAM authentication token renewed before it expires ({@link
 * dev.loginetl.app.credentials.RdsIamToken}). Both are {@link dev.loginetl.postgres.PasswordSource}s
 * that never print their secret.
 */
package dev.loginetl.app.credentials;
