/**
 * The ports adapters implement: {@link dev.loginetl.core.port.MessageSource} (a queue), {@link
 * dev.loginetl.core.port.LoginSink} (a store), {@link dev.loginetl.core.port.RejectionForwarder} (a
 * dead-letter queue, with the {@link dev.loginetl.core.port.DeadLetterAttributes} a forwarded
 * message carries) and {@link dev.loginetl.core.port.Masker} (a masking strategy). Each states its
 * contract in its javadoc; the contract tests in {@code etl-testkit} check it. Every type here is
 * API.
 */
package dev.loginetl.core.port;
