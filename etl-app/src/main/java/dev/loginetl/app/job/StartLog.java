package dev.loginetl.app.job;

import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.PipelineListener;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs once, when the first batch commits, how long the start took: from the JVM's start to that
 * commit, and to the moment the pipeline started, with how long the queue and the database took to
 * open. The benchmark's cold-start phase reads this line; operators see what a restart costs.
 *
 * <p>Thread-safe; told from the writers' threads, it logs from the first one only.
 */
final class StartLog implements PipelineListener {
  private static final Logger LOG = LoggerFactory.getLogger(StartLog.class);

  private final long readyNanos;
  private final long queueMillis;
  private final long databaseMillis;
  private final AtomicBoolean told = new AtomicBoolean();

  /**
   * @param readyNanos {@link System#nanoTime()} when the pipeline started
   * @param queueMillis how long the queue side took to open
   * @param databaseMillis how long the database side (schema check included) took to open
   */
  StartLog(long readyNanos, long queueMillis, long databaseMillis) {
    this.readyNanos = readyNanos;
    this.queueMillis = queueMillis;
    this.databaseMillis = databaseMillis;
  }

  @Override
  public void committed(BatchReport report) {
    if (!told.compareAndSet(false, true)) {
      return;
    }
    // Read only now, after the commit: the management classes cost the start nothing.
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    long ready = uptime - (System.nanoTime() - readyNanos) / 1_000_000;
    LOG.info("first batch committed {} ms after the JVM started (pipeline started at {} ms; queue opened in {} ms "
        + "and database in {} ms, side by side)", uptime, ready, queueMillis, databaseMillis);
  }
}
