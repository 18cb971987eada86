/**
 * The {@code loginetl} command line's entry point: {@link dev.loginetl.app.LoginEtl} (the top
 * command, its error handling and exit codes) and the list of its subcommands. It sits above every
 * other package of the runner; nothing below uses it.
 */
package dev.loginetl.app;
