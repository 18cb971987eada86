package dev.loginetl.core.pipeline;

import com.google.common.collect.ConcurrentHashMultiset;
import com.google.common.collect.Multiset;
import dev.loginetl.core.EtlException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;

/**
 * Makes the pipeline's retriers and knows which operations are failing right now. A call is counted
 * from its first failure until it settles, so an operation stays named while any thread still
 * retries it, however many others have recovered. Thread-safe; each retrier it makes is not.
 */
final class RetryingOperations {
  private static final System.Logger LOG = System.getLogger(RetryingOperations.class.getName());

  private final Multiset<String> failing = ConcurrentHashMultiset.create();
  private final PipelineSettings settings;
  private final PipelineListener listener;

  RetryingOperations(PipelineSettings settings, PipelineListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /** A retrier for one thread, with the settings' delays and outage limit. */
  Retrier newRetrier() {
    return new Retrier(
        settings.initialRetryDelay(),
        settings.maxRetryDelay(),
        settings.outageLimit(),
        new Retrier.RetryObserver() {
          @Override
          public void failing(String operation) {
            failing.add(operation);
          }

          @Override
          public void retrying(String operation, EtlException cause, Duration delay) {
            LOG.log(Level.WARNING, "could not {0}, retrying in {1} ms: {2}", operation, delay.toMillis(), cause.getMessage());
            listener.retrying(operation, cause, delay);
          }

          @Override
          public void settled(String operation, boolean succeeded) {
            failing.remove(operation);
            if (succeeded) {
              LOG.log(Level.INFO, "{0}: working again", operation);
              listener.recovered(operation);
            }
          }
        });
  }

  /** The operations that some thread is retrying now; a snapshot. */
  Set<String> names() {
    return Set.copyOf(failing.elementSet());
  }
}
