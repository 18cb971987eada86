package dev.loginetl.app.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a graceful stop, without starting the JVM's shutdown: the runner
 * then finishes in-flight work and exits with its own exit code (0), not 143.
 */
public final class StopSignals {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  @SuppressWarnings("restriction")
  /** Runs {@code stop} on SIGTERM or SIGINT (on JVM shutdown where signals cannot be handled). */
  public static void onStop(Runnable stop) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
          LOG.info("SIG{} received: stopping gracefully", signal.getName());
          stop.run();
        });
      } catch (IllegalArgumentException unsupported) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "loginetl-stop"));
      }
    }
  }
}
