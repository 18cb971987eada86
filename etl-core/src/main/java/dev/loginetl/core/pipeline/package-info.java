/**
 * The pipeline engine: {@link dev.loginetl.core.pipeline.Pipeline} moves messages from a source to a
 * sink in parallel batches, acknowledging only what is committed, with back-pressure, retries and
 * visibility extension.
 */
package dev.loginetl.core.pipeline;
