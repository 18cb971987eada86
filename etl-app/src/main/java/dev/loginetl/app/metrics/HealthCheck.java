package dev.loginetl.app.metrics;

import java.util.Optional;

/**
 * One dependency's health, asked for by {@code /health}. Implementations are thread-safe and
 * answer within a few seconds.
 */
@FunctionalInterface
public interface HealthCheck {

  /** Empty when healthy; otherwise one sentence saying what is wrong, without personal data. */
  Optional<String> problem();

  /**
   * One sentence an operator should read although the dependency is healthy (such as messages the
   * dead-letter queue refused), without personal data; empty for none. It never fails {@code
   * /health}: a restart would not help.
   */
  default Optional<String> note() {
    return Optional.empty();
  }
}
