/**
 * The ports adapters implement: {@link dev.loginetl.core.port.MessageSource} (a queue), {@link
 * dev.loginetl.core.port.LoginSink} (a store) and {@link dev.loginetl.core.port.Masker} (a masking
 * strategy). Each states its contract in its javadoc; the contract tests in this module's test-jar
 * check it.
 */
package dev.loginetl.core.port;
