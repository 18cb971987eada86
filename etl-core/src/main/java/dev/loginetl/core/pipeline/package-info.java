/**
 * The pipeline engine: {@link dev.loginetl.core.pipeline.Pipeline} moves messages from a source to a
 * sink in parallel batches, acknowledging only what is committed, with back-pressure, retries and
 * visibility extension. {@link dev.loginetl.core.pipeline.PipelineBuilder} assembles one from
 * immutable {@link dev.loginetl.core.pipeline.PipelineSettings}; a {@link
 * dev.loginetl.core.pipeline.PipelineListener} observes it.
 */
package dev.loginetl.core.pipeline;
