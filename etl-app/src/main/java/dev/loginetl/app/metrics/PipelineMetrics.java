package dev.loginetl.app.metrics;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.PipelineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Turns a pipeline's events into Micrometer meters, named {@code loginetl_*} in Prometheus. Labels
 * are only fixed words (a reject reason, an operation), never a value from a message.
 *
 * <p>Thread-safe. Also keeps plain totals for the progress line.
 */
public final class PipelineMetrics implements PipelineListener {
  private final Counter received;
  private final Counter loaded;
  private final Counter duplicates;
  private final Counter deleted;
  private final Counter extended;
  private final Counter ignoredFields;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Timer batchCommit;
  private final Timer endToEnd;
  private final MeterRegistry registry;
  private final AtomicLong lastEndToEndMillis = new AtomicLong(-1);

  public PipelineMetrics(MeterRegistry registry, IntSupplier inFlight) {
    this.registry = registry;
    received = Counter.builder("loginetl.messages.received").description("Deliveries taken from the queue").register(registry);
    loaded = Counter.builder("loginetl.rows.loaded").description("Rows written to user_logins").register(registry);
    duplicates = Counter.builder("loginetl.messages.duplicates").description("Deliveries of messages already stored").register(registry);
    deleted = Counter.builder("loginetl.messages.deleted").description("Deliveries deleted from the queue after commit").register(registry);
    extended = Counter.builder("loginetl.visibility.extended").description("Visibility extensions of messages in work").register(registry);
    ignoredFields = Counter.builder("loginetl.fields.ignored").description("Fields no rule reads").register(registry);
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, Counter.builder("loginetl.messages.rejected").tag("reason", reason.name())
          .description("Rejections written, by reason").register(registry));
    }
    batchCommit = Timer.builder("loginetl.batch.commit").description("Time to commit one batch, retries included")
        .publishPercentiles(0.5, 0.99).register(registry);
    endToEnd = Timer.builder("loginetl.latency.end_to_end").description("From the message's sent timestamp to its commit")
        .publishPercentiles(0.5, 0.99).register(registry);
    // A gauge holds its object weakly by default; the supplier is a lambda nobody else keeps, so
    // without a strong reference it is collected and the gauge reads NaN.
    Gauge.builder("loginetl.messages.in_flight", inFlight, IntSupplier::getAsInt)
        .description("Deliveries held between receipt and deletion").strongReference(true).register(registry);
  }

  @Override
  public void received(int messages) {
    received.increment(messages);
  }

  @Override
  public void committed(BatchReport report) {
    loaded.increment(report.loaded());
    duplicates.increment(report.duplicates());
    ignoredFields.increment(report.ignoredFields());
    report.rejected().forEach((reason, count) -> rejected.get(reason).increment(count));
    batchCommit.record(report.commitDuration());
    Instant committedAt = report.committedAt();
    for (Instant sent : report.sentTimestamps()) {
      Duration latency = Duration.between(sent, committedAt);
      if (!latency.isNegative()) {
        endToEnd.record(latency);
        lastEndToEndMillis.set(latency.toMillis());
      }
    }
  }

  @Override
  public void acknowledged(int messages) {
    deleted.increment(messages);
  }

  @Override
  public void extended(int messages) {
    extended.increment(messages);
  }

  @Override
  public void retrying(String operation, EtlException cause, Duration delay) {
    registry.counter("loginetl.retries", "operation", operation).increment();
  }

  public long receivedTotal() {
    return (long) received.count();
  }

  public long loadedTotal() {
    return (long) loaded.count();
  }

  public long rejectedTotal() {
    return (long) rejected.values().stream().mapToDouble(Counter::count).sum();
  }

  public long duplicatesTotal() {
    return (long) duplicates.count();
  }

  /** The end-to-end latency of the last message committed, in ms; -1 before the first. */
  public long lastEndToEndMillis() {
    return lastEndToEndMillis.get();
  }
}
