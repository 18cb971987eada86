package dev.loginetl.app.metrics;

import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.port.Forwarded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The rejected messages the dead-letter queue refused (too large once the forward's attributes are
 * added, even with the key alone), which stay on the source queue: which message ids, and why.
 *
 * <ul>
 *   <li>{@code loginetl_messages_unforwarded_total{code}} counts each refused delivery, by the
 *       queue's error code;
 *   <li>{@code loginetl_dead_letter_refused{message_id, code}} is 1 for each message refused in the
 *       last {@link #REMEMBERED} (at most {@value #MAX_MESSAGES} of them, the latest): the
 *       {@code LoginetlDeadLetterRefused} alert names them;
 *   <li>{@link #note()} is the same for {@code /health}: the runner is healthy, so it does not turn
 *       {@code /health} red (a restart would not help, and would drop the messages in flight).
 * </ul>
 *
 * <p>A message id is an SQS or SNS id, never personal data; nothing from a body is kept.
 *
 * <p>Thread-safe.
 */
public final class DeadLetterRefusals implements PipelineListener {
  /** How long a refused message is named after its last refusal: then its source queue's redrive policy has moved it, or the alert has said it long enough. */
  public static final Duration REMEMBERED = Duration.ofHours(1);
  /** The most message ids named at once. */
  public static final int MAX_MESSAGES = 20;

  private final MeterRegistry registry;
  private final LongSupplier nanoTime;
  private final Map<String, Refused> refused = new LinkedHashMap<>();

  /** One message's latest refusal and its gauge. */
  private record Refused(String code, long atNanos, Gauge gauge) {}

  public DeadLetterRefusals(MeterRegistry registry) {
    this(registry, System::nanoTime);
  }

  DeadLetterRefusals(MeterRegistry registry, LongSupplier nanoTime) {
    this.registry = registry;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void notForwarded(List<Forwarded.Unkept> unkept) {
    long now = nanoTime.getAsLong();
    for (Forwarded.Unkept message : unkept) {
      Counter.builder("loginetl.messages.unforwarded").tag("code", message.code())
          .description("Rejected messages the dead-letter queue refused; they stay on the source queue")
          .register(registry).increment();
      Refused before = refused.remove(message.messageId());
      Gauge gauge = before != null && before.code().equals(message.code()) ? before.gauge()
          : Gauge.builder("loginetl.dead_letter.refused", () -> 1)
              .tags("message_id", message.messageId(), "code", message.code())
              .description("1 for a message the dead-letter queue refused in the last hour; it stays on the source queue")
              .strongReference(true).register(registry);
      if (before != null && before.gauge() != gauge) {
        registry.remove(before.gauge());
      }
      refused.put(message.messageId(), new Refused(message.code(), now, gauge));
    }
    forget(now);
  }

  /**
   * One sentence naming the messages refused in the last hour and why, without personal data; empty
   * when there are none.
   */
  public synchronized Optional<String> note() {
    forget(nanoTime.getAsLong());
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    List<String> named = new ArrayList<>();
    refused.forEach((id, r) -> named.add(id + " (" + r.code() + ")"));
    return Optional.of("the dead-letter queue refused " + String.join(", ", named)
        + ", even with only its key as attribute; left on the source queue for its redrive policy");
  }

  /** Drops what was refused longer ago than {@link #REMEMBERED}, and the oldest beyond the most named. */
  private void forget(long now) {
    List<Map.Entry<String, Refused>> entries = new ArrayList<>(refused.entrySet());
    entries.sort(Comparator.comparingLong(e -> e.getValue().atNanos()));
    int over = entries.size() - MAX_MESSAGES;
    for (Map.Entry<String, Refused> entry : entries) {
      if (over > 0 || now - entry.getValue().atNanos() > REMEMBERED.toNanos()) {
        refused.remove(entry.getKey());
        registry.remove(entry.getValue().gauge());
        over--;
      }
    }
  }
}
