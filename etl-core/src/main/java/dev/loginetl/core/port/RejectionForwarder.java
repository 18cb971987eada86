package dev.loginetl.core.port;

import dev.loginetl.core.model.RejectedMessage;
import java.util.List;

/**
 * Where the original messages of committed rejections go, so that they can be replayed once the
 * cause is fixed: a dead-letter queue.
 *
 * <p><b>What an implementation guarantees.</b> When {@link #forward} returns, every message given
 * is stored durably at the destination: its body byte for byte, with the {@link
 * DeadLetterAttributes} of {@link DeadLetterAttributes#of} (ids, the original sent time, the reason
 * code, the loader's version; never the detail sentence, never personal data in an attribute). The
 * pipeline acknowledges a rejected message only after its forward returned, so a message whose
 * forward failed stays on the source queue: nothing is lost.
 *
 * <p><b>At least once.</b> A call that failed may have stored some of its messages, and the
 * pipeline calls again with all of them; a message whose rejection was committed before a crash is
 * forwarded again when it comes back. So the destination may hold a message more than once. That is
 * harmless: each copy carries its idempotency key, and a replay stores one row or one rejection per
 * key. An implementation may drop a copy it knows it stored already (a FIFO queue's deduplication),
 * but never a message it has not stored.
 *
 * <p><b>A message the destination refuses.</b> One message can be refused where the others are
 * taken: too large once its attributes are added, characters the destination does not accept. An
 * implementation then tries what may still keep it (fewer attributes, at least its idempotency
 * key), and when nothing does, returns it in {@link Forwarded#unkept()} instead of failing the
 * call. The pipeline then does not acknowledge it: it stays on the source queue, whose own redrive
 * policy can move it, and a listener hears of it. One message never stops the pipeline.
 *
 * <p><b>Errors.</b> {@link dev.loginetl.core.RetryableEtlException} when a retry may help (the
 * destination unreachable, throttling, a server error): the pipeline retries the call with backoff,
 * as any outage, up to its outage limit, then stops. {@link dev.loginetl.core.EtlException} when a
 * retry cannot help and no single message is the cause (the destination missing, access denied):
 * the pipeline stops. Either way, the messages stay on the source queue. Messages never contain a
 * body or an attribute value.
 *
 * <p><b>Thread-safety.</b> Safe for concurrent use: several writers forward at once.
 *
 * <p><b>Lifecycle.</b> The pipeline does not close it; its owner does, after the pipeline stopped.
 * {@link #close()} is idempotent.
 */
public interface RejectionForwarder extends AutoCloseable {

  /**
   * Stores the messages at the destination, each with its attributes.
   *
   * @param rejected never null, may be empty (nothing is sent); their bodies hold personal data
   * @return which messages the destination refused; every other one is stored
   */
  Forwarded forward(List<RejectedMessage> rejected);

  /** Releases the forwarder's resources. Idempotent. */
  @Override
  void close();
}
