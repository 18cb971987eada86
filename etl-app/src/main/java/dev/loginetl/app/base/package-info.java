/**
 * What the runner's other packages all stand on, and which uses none of them: the exit codes, the
 * configuration error, the version, the rule for AWS endpoint overrides and the SQS client settings
 * it gives, and the sample messages the jar carries.
 */
package dev.loginetl.app.base;
