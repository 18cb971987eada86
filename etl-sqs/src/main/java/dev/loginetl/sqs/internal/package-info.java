/**
 * Not API: client construction, error translation, batch retries and the chunked, parallel sending
 * of batch requests behind {@code dev.loginetl.sqs}.
 */
package dev.loginetl.sqs.internal;
