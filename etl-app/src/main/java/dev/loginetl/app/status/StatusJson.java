package dev.loginetl.app.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.app.metrics.ThroughputHistory;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.pipeline.PipelineStatus;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code /status.json}, what the status page draws: the pipeline's state, totals, lag,
 * per-second throughput, rejections by reason with their fixed sentences, and the settings with
 * secrets withheld. Counts, fixed words and settings only: nothing from a message. Stateless and
 * thread-safe.
 */
final class StatusJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusJson() {}

  record Status(String state, boolean healthy, List<String> retrying, List<Operation> operations, int inFlight,
      long uptimeSeconds,
      Totals totals, Lag lag, Throughput throughput, List<Rejection> rejections, List<ShownSettings.Entry> settings) {}

  /** An operation the pipeline retries, and whether it is failing now. */
  record Operation(String name, boolean retrying) {}

  record Totals(long received, long loaded, long rejected, long duplicates, long deleted) {}

  /** Sent-to-commit latency in ms; null where nothing was committed yet. */
  record Lag(long committed, Long lastMs, Long p50Ms, Long p99Ms, Long maxMs) {}

  /** Per-second counts, one array element per second from {@code start} (epoch seconds) on. */
  record Throughput(int bucketSeconds, long start, long[] received, long[] loaded, long[] rejected, long[] deleted) {}

  record Rejection(String reason, String sentence, long count) {}

  /**
   * The JSON for a pipeline in {@code status} (null before it has started) whose events {@code
   * metrics} counts.
   */
  static byte[] write(PipelineStatus status, PipelineMetrics metrics, ShownSettings settings, Duration uptime) {
    List<String> retrying = status == null ? List.of() : status.retrying().stream().sorted().toList();
    List<Operation> operations = new ArrayList<>();
    for (String name : PipelineMetrics.RETRIED_OPERATIONS) {
      operations.add(new Operation(name, retrying.contains(name)));
    }
    retrying.stream().filter(name -> !PipelineMetrics.RETRIED_OPERATIONS.contains(name))
        .forEach(name -> operations.add(new Operation(name, true)));
    Totals totals = new Totals(metrics.receivedTotal(), metrics.loadedTotal(), metrics.rejectedTotal(),
        metrics.duplicatesTotal(), metrics.deletedTotal());
    List<Rejection> rejections = new ArrayList<>();
    for (Map.Entry<RejectReason, Long> e : metrics.rejectedByReason().entrySet()) {
      rejections.add(new Rejection(e.getKey().name(), RejectSentences.of(e.getKey()), e.getValue()));
    }
    Status json = new Status(
        status == null ? "STARTING" : status.state().name(),
        status != null && status.healthy(),
        retrying,
        operations,
        status == null ? 0 : status.inFlight(),
        uptime.toSeconds(),
        totals,
        lag(metrics),
        throughput(metrics.throughput().lastSeconds()),
        rejections,
        settings.entries());
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the status could not be written as JSON", e);
    }
  }

  private static Lag lag(PipelineMetrics metrics) {
    HistogramSnapshot snapshot = metrics.endToEndSnapshot();
    long last = metrics.lastEndToEndMillis();
    if (snapshot.count() == 0) {
      return new Lag(0, null, null, null, null);
    }
    Long p50 = null;
    Long p99 = null;
    for (ValueAtPercentile value : snapshot.percentileValues()) {
      long millis = Math.round(value.value(TimeUnit.MILLISECONDS));
      if (value.percentile() == 0.5) {
        p50 = millis;
      } else if (value.percentile() == 0.99) {
        p99 = millis;
      }
    }
    long max = Math.round(snapshot.max(TimeUnit.MILLISECONDS));
    // The quantiles are estimates from a histogram; never show one above the longest actually measured.
    return new Lag(snapshot.count(), last < 0 ? null : last, p50 == null ? null : Math.min(p50, max),
        p99 == null ? null : Math.min(p99, max), max);
  }

  private static Throughput throughput(List<ThroughputHistory.Second> seconds) {
    int n = seconds.size();
    long[] received = new long[n];
    long[] loaded = new long[n];
    long[] rejected = new long[n];
    long[] deleted = new long[n];
    for (int i = 0; i < n; i++) {
      ThroughputHistory.Second s = seconds.get(i);
      received[i] = s.received();
      loaded[i] = s.loaded();
      rejected[i] = s.rejected();
      deleted[i] = s.deleted();
    }
    return new Throughput(1, n == 0 ? 0 : seconds.get(0).epochSecond(), received, loaded, rejected, deleted);
  }
}
