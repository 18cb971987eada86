/**
 * What the runner shows Prometheus and a health probe: the HTTP server of {@code /metrics} and
 * {@code /health}, the pipeline's, queue's and JVM's meters, and the health checks. Labels carry no
 * PII.
 */
package dev.loginetl.app.metrics;
