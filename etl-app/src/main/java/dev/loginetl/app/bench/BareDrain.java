package dev.loginetl.app.bench;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 1, the queue's own limit: receive and delete, nothing else, with as many threads as the
 * pipeline has receivers, through the same source adapter and client settings. A thread stops at
 * its first empty receive (long-polled, as the pipeline's).
 */
final class BareDrain {
  private BareDrain() {}

  static BenchReport.Phase run(BenchSetup setup, String queueUrl, Seeder.Seeded seeded, Resources resources)
      throws InterruptedException {
    LongAdder deleted = new LongAdder();
    AtomicLong lastDelete = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    try (TimedSource source = new TimedSource(SqsMessageSource.open(
        SqsSourceConfig.of(setup.sqs(), queueUrl).withWaitTime(BenchSetup.WAIT_TIME)))) {
      int receivers = setup.pipeline().receivers();
      int want = Math.min(source.maxReceiveBatch(), setup.pipeline().maxInFlight());
      List<Thread> threads = new ArrayList<>();
      resources.start();
      long start = System.nanoTime();
      for (int i = 0; i < receivers; i++) {
        Thread thread = new Thread(() -> {
          try {
            while (failure.get() == null) {
              List<ReceivedMessage> messages = source.receive(want);
              if (messages.isEmpty()) {
                return;
              }
              source.acknowledge(messages);
              deleted.add(messages.size());
              lastDelete.accumulateAndGet(System.nanoTime(), Math::max);
            }
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          }
        }, "loginetl-bench-drain-" + (i + 1));
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
      waitForCount(deleted, seeded.sent(), threads);
      BenchReport.Cpu cpu = resources.cpu();
      long peak = resources.peakHeapBytes();
      for (Thread thread : threads) {
        thread.join();
      }
      double wall = (System.nanoTime() - start) / 1e9;
      if (failure.get() != null) {
        throw new EtlException("the bare drain failed: " + failure.get().getMessage(), failure.get());
      }
      double seconds = (lastDelete.get() - start) / 1e9;
      Map<String, BenchReport.Stage> stages = new LinkedHashMap<>();
      stages.put("receive", source.receive.snapshot(seconds));
      stages.put("delete", source.acknowledge.snapshot(seconds));
      long count = deleted.sum();
      return new BenchReport.Phase("bare drain", seeded.sent(), round3(seeded.seconds()), count, round3(seconds),
          round3(wall), StageClock.round(count / seconds, 0), peak, null, null, null, stages, cpu);
    }
  }

  /** Waits until {@code count} reaches {@code expected} or every thread has ended. */
  static void waitForCount(LongAdder count, long expected, List<Thread> threads) throws InterruptedException {
    while (count.sum() < expected) {
      boolean anyAlive = false;
      for (Thread thread : threads) {
        anyAlive |= thread.isAlive();
      }
      if (!anyAlive) {
        return;
      }
      Thread.sleep(5);
    }
  }

  static double round3(double value) {
    return StageClock.round(value, 3);
  }
}
