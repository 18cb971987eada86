/**
 * The runner's status page: the HTML page, its {@code /status.json}, the settings it lists (secrets
 * withheld) and a sentence per rejection reason.
 */
package dev.loginetl.app.status;
