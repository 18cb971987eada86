/**
 * The pipeline engine: {@link dev.loginetl.core.pipeline.Pipeline} moves messages from a source to a
 * sink in parallel batches, acknowledging only what is committed, with back-pressure, retries and
 * visibility extension. {@link dev.loginetl.core.pipeline.PipelineBuilder} assembles one from
 * immutable {@link dev.loginetl.core.pipeline.PipelineSettings}; a {@link
 * dev.loginetl.core.pipeline.PipelineListener} observes it.
 *
 * <p>The API is those types and the values they report ({@link
 * dev.loginetl.core.pipeline.BatchReport}, {@link dev.loginetl.core.pipeline.PipelineStatus},
 * {@link dev.loginetl.core.pipeline.PipelineSummary}); the engine's parts (receivers, batches,
 * retries, visibility extension, counters) are package-private.
 */
package dev.loginetl.core.pipeline;
