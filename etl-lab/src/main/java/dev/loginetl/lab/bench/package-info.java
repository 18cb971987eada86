/**
 * {@code loginetl bench}: the bare drain, the pipeline and the naive loop on the same generated
 * messages, the cold starts, memory, the receiver sweep and freshness, with the servers they run
 * against and the report they write. Lab code: never in the runner's jar.
 */
package dev.loginetl.lab.bench;
