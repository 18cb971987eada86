/**
 * The transformation rules. The API is:
 *
 * <ul>
 *   <li>{@link dev.loginetl.core.transform.Transform}, what the pipeline applies to each message;
 *   <li>{@link dev.loginetl.core.transform.LoginTransformer}, the rules themselves: it takes a login
 *       out of its SNS or EventBridge envelope ({@link dev.loginetl.core.transform.EnvelopeMode} says
 *       which envelopes it expects), reads and validates it, masks and encodes it into a row, and
 *       keeps a rejected body without personal data;
 *   <li>{@link dev.loginetl.core.transform.LoginParser} and its {@link
 *       dev.loginetl.core.transform.ParseResult}, the reading and validating step alone, without
 *       masking, for a benchmark or a check of generated messages.
 * </ul>
 *
 * <p>The envelope reader and the body redactor are package-private parts of {@code
 * LoginTransformer}; {@link dev.loginetl.core.transform.internal} holds helpers that are not API.
 */
package dev.loginetl.core.transform;
