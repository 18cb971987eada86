package dev.loginetl.lab.bench;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 1, the queue's own limit at the pipeline's concurrency: the pipeline's shape with nothing in
 * the middle. As many receiver threads as the pipeline has receive 10 at a time, within the same
 * in-flight limit, and hand the messages over; as many deleter threads as the pipeline has writers
 * gather them into batches (same size, same linger) and delete each batch with one acknowledgement,
 * through the same source adapter and client settings. No parsing, no masking, no database. A
 * receiver stops at its first empty receive (long-polled, as the pipeline's).
 */
final class BareDrain {
  private static final long POLL_MILLIS = 50;

  private BareDrain() {}

  static BenchReport.Phase run(BenchSetup setup, String queueUrl, Seeder.Seeded seeded, Resources resources)
      throws InterruptedException {
    BenchSetup.PipelineSettings settings = setup.pipeline();
    LongAdder deleted = new LongAdder();
    AtomicLong lastDelete = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Semaphore room = new Semaphore(settings.maxInFlight());
    LinkedBlockingQueue<ReceivedMessage> ready = new LinkedBlockingQueue<>();
    CountDownLatch receiversDone = new CountDownLatch(settings.receivers());
    try (TimedSource source = new TimedSource(SqsMessageSource.open(
        SqsSourceConfig.of(setup.sqs(), queueUrl).withWaitTime(BenchSetup.WAIT_TIME)))) {
      int want = Math.min(source.maxReceiveBatch(), settings.maxInFlight());
      List<Thread> threads = new ArrayList<>();
      resources.start();
      long start = System.nanoTime();
      for (int i = 0; i < settings.receivers(); i++) {
        threads.add(thread("loginetl-bench-receiver-" + (i + 1), () -> {
          try {
            while (failure.get() == null) {
              if (!room.tryAcquire(want, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                continue;
              }
              List<ReceivedMessage> messages = source.receive(want);
              room.release(want - messages.size());
              if (messages.isEmpty()) {
                return;
              }
              ready.addAll(messages);
            }
          } finally {
            receiversDone.countDown();
          }
        }, failure));
      }
      for (int i = 0; i < settings.writers(); i++) {
        threads.add(thread("loginetl-bench-deleter-" + (i + 1), () -> {
          while (failure.get() == null) {
            ReceivedMessage first = ready.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (first == null) {
              if (receiversDone.getCount() == 0 && ready.isEmpty()) {
                return;
              }
              continue;
            }
            List<ReceivedMessage> batch = gather(first, ready, settings, receiversDone);
            source.acknowledge(batch);
            deleted.add(batch.size());
            lastDelete.accumulateAndGet(System.nanoTime(), Math::max);
            room.release(batch.size());
          }
        }, failure));
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

  /** A batch as the pipeline's writers gather one: full, or closed by the linger time. */
  private static List<ReceivedMessage> gather(ReceivedMessage first, LinkedBlockingQueue<ReceivedMessage> ready,
      BenchSetup.PipelineSettings settings, CountDownLatch receiversDone) throws InterruptedException {
    List<ReceivedMessage> batch = new ArrayList<>(settings.batchSize());
    batch.add(first);
    long deadline = System.nanoTime() + settings.linger().toNanos();
    while (batch.size() < settings.batchSize()) {
      ready.drainTo(batch, settings.batchSize() - batch.size());
      long remaining = deadline - System.nanoTime();
      if (batch.size() >= settings.batchSize() || remaining <= 0
          || (receiversDone.getCount() == 0 && ready.isEmpty())) {
        break;
      }
      ReceivedMessage next = ready.poll(remaining, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws InterruptedException;
  }

  private static Thread thread(String name, Work work, AtomicReference<RuntimeException> failure) {
    Thread thread = new Thread(() -> {
      try {
        work.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
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
