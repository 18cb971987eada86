package dev.loginetl.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.EtlException;
import dev.loginetl.sqs.QueueDepth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The gauges' logic over a stand-in for the queue's counts; that the runner reads a real queue's
 * (ElasticMQ's) and Prometheus scrapes them is {@code DashboardIT}'s part.
 */
class QueueDepthMetersTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /**
   * Answers the reads in turn (a depth, or an exception to throw; the last answer repeats), each
   * only once the test allows it, and tells each read done.
   */
  private static final class Answers implements Supplier<QueueDepth> {
    private final List<Object> answers;
    private final Semaphore allowed = new Semaphore(0);
    private final AtomicInteger reads = new AtomicInteger();
    private final BlockingQueue<Integer> done = new LinkedBlockingQueue<>();

    Answers(Object... answers) {
      this.answers = List.of(answers);
    }

    /** Lets the next read answer, and waits until it has. */
    void allowNextRead() throws InterruptedException {
      int read = reads.get();
      allowed.release();
      awaitRead(read);
    }

    @Override
    public QueueDepth get() {
      try {
        allowed.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting to answer", e);
      }
      int read = reads.getAndIncrement();
      Object answer = answers.get(Math.min(read, answers.size() - 1));
      try {
        if (answer instanceof RuntimeException failure) {
          throw failure;
        }
        return (QueueDepth) answer;
      } finally {
        done.add(read);
      }
    }

    /** Waits until read number {@code read} (from 0) has returned or thrown. */
    private void awaitRead(int read) throws InterruptedException {
      Integer seen;
      do {
        seen = done.poll(10, TimeUnit.SECONDS);
        assertThat(seen).as("read %d of the queue's depth happened", read).isNotNull();
      } while (seen < read);
    }
  }

  @Test
  void showsTheCountsReadAtStart() throws InterruptedException {
    Answers answers = new Answers(new QueueDepth(120, 7, 3));

    try (QueueDepthMeters meters = QueueDepthMeters.start(registry, answers, Duration.ofHours(1))) {
      answers.allowNextRead();
      awaitScrapeContaining("loginetl_queue_messages{state=\"visible\"} 120.0");
      assertThat(registry.scrape())
          .contains("loginetl_queue_messages{state=\"in_flight\"} 7.0")
          .contains("loginetl_queue_messages{state=\"delayed\"} 3.0");
    }
  }

  @Test
  void aFailedReadShowsNaNUntilAReadSucceeds() throws InterruptedException {
    Answers answers = new Answers(new QueueDepth(5, 0, 0), new EtlException("SQS refused: AccessDenied"),
        new QueueDepth(9, 1, 0));

    try (QueueDepthMeters meters = QueueDepthMeters.start(registry, answers, Duration.ofMillis(10))) {
      answers.allowNextRead();
      awaitScrapeContaining("loginetl_queue_messages{state=\"visible\"} 5.0");
      answers.allowNextRead();
      awaitScrapeContaining("loginetl_queue_messages{state=\"visible\"} NaN");
      assertThat(registry.scrape()).contains("loginetl_queue_messages{state=\"in_flight\"} NaN");
      answers.allowNextRead();
      awaitScrapeContaining("loginetl_queue_messages{state=\"visible\"} 9.0");
      assertThat(registry.scrape()).contains("loginetl_queue_messages{state=\"in_flight\"} 1.0");
    }
  }

  @Test
  void closeStopsTheReads() throws InterruptedException {
    Answers answers = new Answers(new QueueDepth(1, 0, 0));
    QueueDepthMeters meters = QueueDepthMeters.start(registry, answers, Duration.ofMillis(10));
    answers.allowNextRead();
    answers.allowNextRead();

    meters.close();
    meters.close();
    answers.allowed.release(100);

    assertThat(meters.readerEnded()).as("the reader thread ended").isTrue();
    assertThat(answers.reads.get()).as("reads, two before close").isEqualTo(2);
  }

  @Test
  void refusesAnIntervalThatIsNotPositive() {
    assertThatThrownBy(() -> QueueDepthMeters.start(registry, () -> new QueueDepth(0, 0, 0), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }

  /** Waits until a scrape holds {@code sample}: a read's count reaches the gauges just after the read returns. */
  private void awaitScrapeContaining(String sample) throws InterruptedException {
    for (int i = 0; i < 500 && !registry.scrape().contains(sample); i++) {
      Thread.sleep(10);
    }
    assertThat(registry.scrape()).contains(sample);
  }
}
