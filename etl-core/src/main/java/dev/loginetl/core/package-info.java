/**
 * The core of loginetl: what a login is, the rules that turn queue messages into rows, the ports
 * through which the adapters plug in, and the pipeline that moves messages between them. Pure:
 * Jackson and Guava only; nothing here talks to a network or a database.
 *
 * <p>Infrastructure failures are {@link dev.loginetl.core.EtlException}s ({@link
 * dev.loginetl.core.RetryableEtlException} where a retry may help); bad input is never an
 * exception but a {@link dev.loginetl.core.model.Rejection}.
 */
package dev.loginetl.core;
