/** The progress line the runner prints every few seconds while a run goes on. */
package dev.loginetl.app.progress;
