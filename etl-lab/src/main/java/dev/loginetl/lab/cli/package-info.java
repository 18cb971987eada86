/** The lab's own commands, {@code demo} and {@code bench}, beside the runner's command line. */
package dev.loginetl.lab.cli;
