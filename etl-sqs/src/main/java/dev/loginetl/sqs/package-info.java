/**
 * SQS for loginetl, over the AWS SDK for Java v2 (sync client, Apache HTTP client).
 *
 * <ul>
 *   <li>{@link dev.loginetl.sqs.SqsMessageSource}: the {@link dev.loginetl.core.port.MessageSource}
 *       the pipeline reads from, opened from a {@link dev.loginetl.sqs.SqsSourceConfig}.
 *   <li>{@link dev.loginetl.sqs.SqsQueueAdmin} and {@link dev.loginetl.sqs.SqsSender}: queue
 *       creation, depth and seeding, for the demo, health checks and tests.
 * </ul>
 *
 * <p>Configuration is passed in ({@link dev.loginetl.sqs.SqsClientConfig}); what it leaves out the
 * SDK resolves from its standard environment. This package reads no flag or variable itself, and
 * no message body ever reaches a log line or an exception message.
 */
package dev.loginetl.sqs;
