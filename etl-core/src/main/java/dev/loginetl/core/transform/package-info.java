/**
 * The transformation rules: {@link dev.loginetl.core.transform.Transform} is what the pipeline
 * applies to each message; {@link dev.loginetl.core.transform.EnvelopeReader} takes a login out of
 * its SNS or EventBridge envelope, {@link dev.loginetl.core.transform.LoginParser} reads and
 * validates a login, {@link dev.loginetl.core.transform.LoginTransformer} masks and encodes it into a row, {@link
 * dev.loginetl.core.transform.BodyRedactor} keeps rejected bodies without personal data.
 */
package dev.loginetl.core.transform;
