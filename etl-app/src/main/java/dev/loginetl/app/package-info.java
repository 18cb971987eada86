/** The runner: CLI, configuration, wiring, embedded demo, metrics. */
package dev.loginetl.app;
