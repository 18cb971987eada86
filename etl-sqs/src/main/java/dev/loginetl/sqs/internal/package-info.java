/** Not API: client construction, error translation and batch retries behind {@code dev.loginetl.sqs}. */
package dev.loginetl.sqs.internal;
