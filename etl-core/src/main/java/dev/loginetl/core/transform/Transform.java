package dev.loginetl.core.transform;

import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;

/**
 * What a {@link dev.loginetl.core.pipeline.Pipeline} makes of each message it receives: a row to
 * write or a rejection to record. {@link LoginTransformer} applies the login rules; a benchmark may
 * pass messages through untouched.
 *
 * <p><b>Contract.</b> Returns an outcome for the given message, never null, keyed by the message's
 * idempotency key ({@link Outcome#messageId()}): a deterministic function of the message, so that
 * every delivery of one message, and every copy of one source event, gets the same key. Bad input is an
 * {@link Outcome.Rejected}, not an exception. An unchecked exception means the transform itself
 * could not work (a masking key store that failed): the pipeline stops, as on any fatal failure, and
 * acknowledges nothing it has not committed. Its message must not hold personal data.
 *
 * <p><b>Thread-safety.</b> Called from several receiver threads at once: implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface Transform {

  /**
   * The outcome for one message.
   *
   * @param message never null
   * @return never null; its {@link Outcome#messageId()} is the message's idempotency key: {@code
   *     message.messageId()}, an event id the body carries, or the key a replayed message carries in
   *     its {@link dev.loginetl.core.port.DeadLetterAttributes} (see {@link LoginTransformer})
   */
  Outcome transform(ReceivedMessage message);
}
