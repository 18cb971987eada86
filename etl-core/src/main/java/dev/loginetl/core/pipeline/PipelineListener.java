package dev.loginetl.core.pipeline;

import dev.loginetl.core.EtlException;
import java.time.Duration;
import java.util.List;

/**
 * Observes a {@link Pipeline}, for metrics and progress. Every method has an empty default.
 *
 * <p>Called from the pipeline's own threads, several at once: implementations are thread-safe, fast
 * and do not block. An exception thrown by a listener is logged and otherwise ignored.
 */
public interface PipelineListener {

  /** A listener that does nothing. */
  PipelineListener NONE = new PipelineListener() {};

  /** Messages arrived from the source. */
  default void received(int messages) {}

  /** A batch was committed by the sink. */
  default void committed(BatchReport report) {}

  /**
   * Rejections were newly committed (refused rows included), before their messages are
   * acknowledged. For forwarding the original bodies to a dead-letter queue.
   */
  default void rejectionsCommitted(List<RejectedMessage> rejected) {}

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
}
