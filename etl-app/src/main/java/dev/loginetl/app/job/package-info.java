/**
 * One run of the loader from plain settings ({@link dev.loginetl.app.job.RunSettings}): it opens
 * the queue and the database, assembles the pipeline, stops it gracefully on a signal, and redrives
 * a dead-letter queue. It knows no command line.
 */
package dev.loginetl.app.job;
