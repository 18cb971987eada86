package dev.loginetl.core.pipeline;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.RejectedMessage;
import java.time.Duration;
import dev.loginetl.core.port.Forwarded;
import java.util.List;

/**
 * Observes a {@link Pipeline}, for metrics, progress and supervision. Every method has an empty
 * default.
 *
 * <p><b>Thread-safety.</b> Called from the pipeline's own threads, several at once: implementations
 * are thread-safe, fast and do not block. None may call {@link Pipeline#stop()}, which waits for the
 * very threads that call it; {@link Pipeline#requestStop()} is fine.
 *
 * <p><b>Errors.</b> An unchecked exception thrown by a listener is logged (its type, never its
 * message, which might hold personal data) and otherwise ignored: the pipeline goes on, and the
 * other listeners of a {@link #composite} are still told.
 *
 * <p><b>Nullability.</b> The pipeline never passes null.
 */
public interface PipelineListener {

  /** A listener that does nothing. */
  PipelineListener NONE = new PipelineListener() {};

  /**
   * One listener that tells each of {@code listeners}, in their order, of every event, guarding each
   * on its own: one that throws is logged and the next are told all the same. The composite never
   * throws from an event.
   *
   * @param listeners none null; copied
   * @return a thread-safe listener when every one of {@code listeners} is
   */
  static PipelineListener composite(List<? extends PipelineListener> listeners) {
    return new CompositeListener(listeners);
  }

  /** Messages arrived from the source. */
  default void received(int messages) {}

  /** A batch was committed by the sink. */
  default void committed(BatchReport report) {}

  /**
   * Rejections were newly committed (refused rows included), before their messages are forwarded
   * and acknowledged. For counting or auditing; a listener cannot hold up the acknowledgement, so a
   * dead-letter queue is a {@link dev.loginetl.core.port.RejectionForwarder}, not a listener. The
   * bodies hold personal data: never log them.
   */
  default void rejectionsCommitted(List<RejectedMessage> rejected) {}

  /**
   * Rejected messages were forwarded to the dead-letter queue ({@link
   * PipelineBuilder#rejectionForwarder}), before their acknowledgement.
   */
  default void forwarded(int messages) {}

  /**
   * The dead-letter queue refused these rejected messages ({@link
   * dev.loginetl.core.port.Forwarded#unkept()}): they are not acknowledged and stay on the source
   * queue. The bodies hold personal data: never log them; the idempotency key and the code may be.
   */
  default void notForwarded(List<Forwarded.Unkept> unkept) {}

  /** Messages were deleted from the source after their batch committed. */
  default void acknowledged(int messages) {}

  /** Messages still in work had their visibility extended. */
  default void extended(int messages) {}

  /**
   * A call failed in a way a retry may mend and will be tried again after {@code delay}.
   *
   * @param operation what was being done, e.g. {@code "write to the sink"}
   */
  default void retrying(String operation, EtlException cause, Duration delay) {}

  /** A call that had been failing succeeded again. */
  default void recovered(String operation) {}

  /**
   * The pipeline failed and has stopped receiving; told once, after {@link
   * Pipeline#awaitStopRequested()} has returned, from the thread that met the failure. What is in
   * flight and not committed will not be acknowledged. Call {@link Pipeline#stop()} from another
   * thread to release the pipeline's threads.
   *
   * @param cause the failure, as {@link PipelineSummary#failure()} will report it; its message holds
   *     no personal data
   */
  default void failed(EtlException cause) {}
}
