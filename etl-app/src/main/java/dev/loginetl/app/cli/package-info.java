/**
 * The runner's commands and option groups (picocli): the only place that reads flags and
 * environment variables. Each command turns its options into settings records, then hands them to
 * {@link dev.loginetl.app.job} or to an adapter; a mistake becomes a {@link
 * dev.loginetl.app.base.ConfigurationException}.
 */
package dev.loginetl.app.cli;
