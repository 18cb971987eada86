package dev.loginetl.core.pipeline;

import java.util.Set;

/**
 * A snapshot of a {@link Pipeline}'s health. Immutable; no component is null.
 *
 * @param state where it is in its life
 * @param inFlight messages received and not yet acknowledged
 * @param receivers the receivers receiving now: the fixed count, or where an adaptive count stands;
 *     0 once the pipeline has stopped receiving
 * @param retrying operations failing right now and being retried, e.g. {@code "write to the sink"}:
 *     an operation is named while any thread still retries it; empty when all is well; copied
 */
public record PipelineStatus(State state, int inFlight, int receivers, Set<String> retrying) {

  public PipelineStatus {
    retrying = Set.copyOf(retrying);
  }

  /** Where a pipeline is in its life. */
  public enum State {
    /** Receiving and writing. */
    RUNNING,
    /** No longer receiving; finishing what is in flight. */
    DRAINING,
    /** Stopped after finishing everything it had taken. */
    STOPPED,
    /** Stopped by a failure; what was not committed stays on the queue. */
    FAILED
  }

  /** Whether it is working normally: running, with nothing failing. */
  public boolean healthy() {
    return state == State.RUNNING && retrying.isEmpty();
  }
}
