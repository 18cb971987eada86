package dev.loginetl.core.pipeline;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.RejectedMessage;
import java.lang.System.Logger.Level;
import java.time.Duration;
import dev.loginetl.core.port.Forwarded;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tells several listeners of each event, one after the other, guarding each on its own. Thread-safe
 * when its listeners are: it holds nothing but their immutable list. See {@link
 * PipelineListener#composite}.
 */
final class CompositeListener implements PipelineListener {
  private static final System.Logger LOG = System.getLogger(CompositeListener.class.getName());

  private final List<PipelineListener> listeners;

  CompositeListener(List<? extends PipelineListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void tellEach(String event, Consumer<PipelineListener> call) {
    for (PipelineListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        // The type only: a listener's own message may quote what it was given, personal data included.
        LOG.log(Level.WARNING, "pipeline listener {0} failed on {1}: {2}",
            listener.getClass().getName(), event, e.getClass().getName());
      }
    }
  }

  @Override
  public void received(int messages) {
    tellEach("received", l -> l.received(messages));
  }

  @Override
  public void committed(BatchReport report) {
    tellEach("committed", l -> l.committed(report));
  }

  @Override
  public void rejectionsCommitted(List<RejectedMessage> rejected) {
    tellEach("rejectionsCommitted", l -> l.rejectionsCommitted(rejected));
  }

  @Override
  public void forwarded(int messages) {
    tellEach("forwarded", l -> l.forwarded(messages));
  }

  @Override
  public void notForwarded(List<Forwarded.Unkept> unkept) {
    tellEach("notForwarded", l -> l.notForwarded(unkept));
  }

  @Override
  public void acknowledged(int messages) {
    tellEach("acknowledged", l -> l.acknowledged(messages));
  }

  @Override
  public void extended(int messages) {
    tellEach("extended", l -> l.extended(messages));
  }

  @Override
  public void retrying(String operation, EtlException cause, Duration delay) {
    tellEach("retrying", l -> l.retrying(operation, cause, delay));
  }

  @Override
  public void recovered(String operation) {
    tellEach("recovered", l -> l.recovered(operation));
  }

  @Override
  public void failed(EtlException cause) {
    tellEach("failed", l -> l.failed(cause));
  }
}
