package dev.loginetl.app.progress;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.loginetl.app.metrics.PipelineMetrics;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Prints a progress line every few seconds while the pipeline runs: totals, the rate since the
 * last line, messages in flight and the lag (end-to-end latency of the last commit). Counts only.
 *
 * <p>{@link #close()} stops it; idempotent.
 */
public final class ProgressLine implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final PipelineMetrics metrics;
  private final IntSupplier inFlight;
  private final PrintStream out;
  private long lastTotal;
  private long lastNanos = System.nanoTime();

  private ProgressLine(PipelineMetrics metrics, IntSupplier inFlight, PrintStream out) {
    this.metrics = metrics;
    this.inFlight = inFlight;
    this.out = out;
    this.timer = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("loginetl-progress").setDaemon(true).build());
  }

  /** Starts printing to {@code out} every {@code periodSeconds}. */
  public static ProgressLine start(PipelineMetrics metrics, IntSupplier inFlight, PrintStream out, int periodSeconds) {
    ProgressLine line = new ProgressLine(metrics, inFlight, out);
    line.timer.scheduleAtFixedRate(line::print, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    return line;
  }

  /** The line as it would be printed now. */
  synchronized String render() {
    long now = System.nanoTime();
    long total = metrics.loadedTotal() + metrics.rejectedTotal() + metrics.duplicatesTotal();
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    double rate = (total - lastTotal) / seconds;
    lastTotal = total;
    lastNanos = now;
    long lag = metrics.lastEndToEndMillis();
    return String.format(Locale.ROOT,
        "received %,d | loaded %,d | rejected %,d | duplicates %,d | %,.0f msg/s | in flight %,d | lag %s",
        metrics.receivedTotal(), metrics.loadedTotal(), metrics.rejectedTotal(), metrics.duplicatesTotal(),
        rate, inFlight.getAsInt(), lag < 0 ? "-" : lag < 10_000 ? lag + " ms" : String.format(Locale.ROOT, "%,.1f s", lag / 1000.0));
  }

  private void print() {
    out.println(render());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
