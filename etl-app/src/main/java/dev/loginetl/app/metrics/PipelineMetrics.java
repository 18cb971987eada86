package dev.loginetl.app.metrics;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.pipeline.PipelineStatus;
import dev.loginetl.core.port.MessageSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns a pipeline's events into Micrometer meters, named {@code loginetl_*} in Prometheus. Labels
 * are only fixed words (a reject reason, an operation), never a value from a message.
 *
 * <p>Thread-safe. Also keeps plain totals for the progress line and a per-second {@link
 * ThroughputHistory} for the status page.
 */
public final class PipelineMetrics implements PipelineListener {
  /**
   * The operations the pipeline retries, as it names them: their retry counters and outage gauges
   * exist from the start, so that a dashboard finds them at zero before the first failure.
   */
  public static final List<String> RETRIED_OPERATIONS =
      List.of("receive from the queue", "write to the sink", "forward to the dead-letter queue",
          "acknowledge to the queue");
  /**
   * Significant digits of the published quantiles: Micrometer's default of 1 is off by up to 10%,
   * enough for a p99 above the max it is shown beside.
   */
  private static final int PERCENTILE_DIGITS = 2;
  /** How far back the throughput history goes. */
  public static final int HISTORY_SECONDS = 300;

  private final Counter received;
  private final Counter loaded;
  private final Counter duplicates;
  private final Counter deleted;
  private final Counter forwarded;
  private final Counter extended;
  private final Counter ignoredFields;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Timer batchCommit;
  private final Timer batchDelete;
  private final Timer endToEnd;
  private final ThroughputHistory history = new ThroughputHistory(HISTORY_SECONDS, System::currentTimeMillis);
  private final MeterRegistry registry;
  private final AtomicLong lastEndToEndMillis = new AtomicLong(-1);

  /**
   * Registers the meters in {@code registry}.
   *
   * @param status the pipeline's status, read when a gauge is scraped; it may return null (before
   *     the pipeline has started), which reads as nothing in flight, no receivers and nothing failing
   */
  public PipelineMetrics(MeterRegistry registry, Supplier<PipelineStatus> status) {
    this.registry = registry;
    received = Counter.builder("loginetl.messages.received").description("Deliveries taken from the queue").register(registry);
    loaded = Counter.builder("loginetl.rows.loaded").description("Rows written to user_logins").register(registry);
    duplicates = Counter.builder("loginetl.messages.duplicates").description("Deliveries of messages already stored").register(registry);
    deleted = Counter.builder("loginetl.messages.deleted").description("Deliveries deleted from the queue after commit").register(registry);
    forwarded = Counter.builder("loginetl.messages.forwarded")
        .description("Rejected messages forwarded to the dead-letter queue before their deletion").register(registry);
    extended = Counter.builder("loginetl.visibility.extended").description("Visibility extensions of messages in work").register(registry);
    ignoredFields = Counter.builder("loginetl.fields.ignored").description("Fields no rule reads").register(registry);
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, Counter.builder("loginetl.messages.rejected").tag("reason", reason.name())
          .description("Rejections written, by reason").register(registry));
    }
    batchCommit = Timer.builder("loginetl.batch.commit").description("Time to commit one batch, retries included")
        .publishPercentiles(0.5, 0.99).percentilePrecision(PERCENTILE_DIGITS).register(registry);
    batchDelete = Timer.builder("loginetl.batch.delete")
        .description("Time to delete one batch's messages from the queue after its commit, each try")
        .publishPercentiles(0.5, 0.99).percentilePrecision(PERCENTILE_DIGITS).register(registry);
    endToEnd = Timer.builder("loginetl.latency.end_to_end").description("From the message's sent timestamp to its commit")
        .publishPercentiles(0.5, 0.99).percentilePrecision(PERCENTILE_DIGITS).register(registry);
    // A gauge holds its object weakly by default; the supplier is a lambda nobody else keeps, so
    // without a strong reference it is collected and the gauge reads NaN.
    Gauge.builder("loginetl.messages.in_flight", status, s -> {
          PipelineStatus now = s.get();
          return now == null ? 0 : now.inFlight();
        })
        .description("Deliveries held between receipt and deletion").strongReference(true).register(registry);
    Gauge.builder("loginetl.receivers", status, s -> {
          PipelineStatus now = s.get();
          return now == null ? 0 : now.receivers();
        })
        .description("Receivers receiving now: the fixed count, or where the adaptive one stands")
        .strongReference(true).register(registry);
    for (String operation : RETRIED_OPERATIONS) {
      registry.counter("loginetl.retries", "operation", operation);
      Gauge.builder("loginetl.retrying", status, s -> {
            PipelineStatus now = s.get();
            return now != null && now.retrying().contains(operation) ? 1 : 0;
          })
          .tag("operation", operation)
          .description("1 while the operation is failing and being retried (an outage of the queue or the database)")
          .strongReference(true).register(registry);
    }
  }

  /**
   * {@code source}, with each of its acknowledgements (one batch's deletes) timed as {@code
   * loginetl_batch_delete_seconds}. Closing it closes {@code source}.
   */
  public MessageSource timed(MessageSource source) {
    return new TimedMessageSource(source, batchDelete);
  }

  @Override
  public void received(int messages) {
    received.increment(messages);
    history.add(ThroughputHistory.Count.RECEIVED, messages);
  }

  @Override
  public void committed(BatchReport report) {
    loaded.increment(report.loaded());
    history.add(ThroughputHistory.Count.LOADED, report.loaded());
    history.add(ThroughputHistory.Count.REJECTED, report.rejectedTotal());
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
    history.add(ThroughputHistory.Count.DELETED, messages);
  }

  @Override
  public void forwarded(int messages) {
    forwarded.increment(messages);
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

  public long deletedTotal() {
    return (long) deleted.count();
  }

  /** Rejections written so far, for every reason (zero included), in the reasons' order. */
  public Map<RejectReason, Long> rejectedByReason() {
    Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
    rejected.forEach((reason, counter) -> counts.put(reason, (long) counter.count()));
    return counts;
  }

  /** The sent-to-commit latencies of the last minutes: count, max and the median and 99th percentile. */
  public HistogramSnapshot endToEndSnapshot() {
    return endToEnd.takeSnapshot();
  }

  /** Per-second counts of the last {@value #HISTORY_SECONDS} seconds. */
  public ThroughputHistory throughput() {
    return history;
  }

  /** The end-to-end latency of the last message committed, in ms; -1 before the first. */
  public long lastEndToEndMillis() {
    return lastEndToEndMillis.get();
  }
}
