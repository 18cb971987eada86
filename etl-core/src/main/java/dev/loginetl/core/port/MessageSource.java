package dev.loginetl.core.port;

import dev.loginetl.core.model.ReceivedMessage;
import java.time.Duration;
import java.util.List;

/**
 * Where messages come from: a queue with at-least-once delivery and visibility timeouts, such as
 * SQS.
 *
 * <p>A delivered message is hidden from other receivers for {@link #visibilityTimeout()}; unless it
 * is {@linkplain #acknowledge acknowledged} in that time it is delivered again, possibly to another
 * receiver, with a new handle and a higher receive count. Nothing is ever deleted except through
 * {@link #acknowledge}.
 *
 * <p><b>Attributes:</b> a source whose queue carries message attributes puts in {@link
 * ReceivedMessage#attributes()} the {@link DeadLetterAttributes} a message carries (so that a message
 * sent back from a dead-letter queue keeps its first key and date), and, on a FIFO queue, the
 * message's group under {@link ReceivedMessage#GROUP_ID}; nothing else. A source that cannot carry
 * them delivers none, and a replayed message is then keyed anew. {@code MessageSourceContract}
 * checks this where the queue can carry them.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use; the pipeline calls
 * {@link #receive} from several threads at once while others acknowledge.
 *
 * <p><b>Errors:</b> every method throws {@link dev.loginetl.core.RetryableEtlException} when a retry
 * may help (connection refused, throttling, a server error) and {@link
 * dev.loginetl.core.EtlException} when it cannot (the queue does not exist, access denied). No
 * other unchecked exception escapes.
 *
 * <p><b>Lifecycle:</b> {@link #close()} releases connections and threads and is idempotent; no
 * other method may be called after it.
 */
public interface MessageSource extends AutoCloseable {

  /**
   * Receives up to {@code maxMessages} messages, waiting up to the source's own long-poll time
   * when none is visible.
   *
   * @param maxMessages at least 1 and at most {@link #maxReceiveBatch()}
   * @return the delivered messages, never null, empty when none arrived in time; never more than
   *     {@code maxMessages}
   */
  List<ReceivedMessage> receive(int maxMessages);

  /**
   * Deletes delivered messages for good. Call only once their row or rejection is committed.
   * Acknowledging a delivery that is no longer current (the message was delivered again since) may
   * leave the message on the queue; that is safe, because the sink recognises it when it returns.
   *
   * @param messages deliveries made by this source, never null; may be empty
   * @throws dev.loginetl.core.EtlException when some of them could not be deleted; repeating the
   *     call for all of them is safe
   */
  void acknowledge(List<ReceivedMessage> messages);

  /**
   * Keeps deliveries hidden for another {@link #visibilityTimeout()} from now, for work that takes
   * longer than expected. Deliveries that are no longer current are ignored.
   *
   * @param messages deliveries made by this source, never null; may be empty
   */
  void extendVisibility(List<ReceivedMessage> messages);

  /** How long a delivery stays hidden after {@link #receive} or {@link #extendVisibility}. */
  Duration visibilityTimeout();

  /** The most messages one {@link #receive} may ask for (10 for SQS). */
  default int maxReceiveBatch() {
    return 10;
  }

  /** Releases the source's resources. Idempotent. */
  @Override
  void close();
}
