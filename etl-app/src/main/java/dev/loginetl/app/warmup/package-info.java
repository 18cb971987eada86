/**
 * The training run of the hidden {@code warmup} command, behind the runner's class-data-sharing
 * archive: it walks the start of {@code run} with no server and no request leaving the machine.
 */
package dev.loginetl.app.warmup;
