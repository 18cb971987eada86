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
}
