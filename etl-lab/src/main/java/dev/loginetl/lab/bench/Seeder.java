package dev.loginetl.lab.bench;

import dev.loginetl.testdata.MessageGenerator;
import dev.loginetl.core.EtlException;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.sqs.SqsSender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts generated messages on a queue fast: this thread generates them in order, several sender
 * threads send them with {@code SendMessageBatch}. The order on the queue is therefore nearly, not
 * exactly, the generator's. Memory stays bounded whatever the count.
 */
final class Seeder {
  private static final int CHUNK = 200;
  private static final List<String> END = List.of();

  /**
   * What was seeded.
   *
   * @param sent messages on the queue
   * @param malformed how many of them were malformed on purpose
   * @param seconds how long it took
   */
  record Seeded(long sent, long malformed, double seconds) {}

  private Seeder() {}

  /**
   * Sends {@code count} messages from {@code generator} to {@code queueUrl}.
   *
   * @throws EtlException when the queue refuses a message or a sender fails
   */
  static Seeded seed(SqsClientConfig client, String queueUrl, MessageGenerator generator, long count, int threads)
      throws InterruptedException {
    long start = System.nanoTime();
    long malformedBefore = generator.malformed();
    AtomicLong sent = new AtomicLong();
    BlockingQueue<List<String>> chunks = new ArrayBlockingQueue<>(threads * 4);
    AtomicInteger names = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, "loginetl-bench-seed-" + names.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(client)) {
      SqsSender sender = admin.sender(queueUrl);
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        running.add(senders.submit(() -> {
          while (true) {
            List<String> chunk = chunks.take();
            if (chunk == END) {
              return null;
            }
            SqsSender.Result result = sender.send(chunk);
            if (!result.refused().isEmpty()) {
              throw new EtlException("the queue refused " + result.refused().size() + " generated messages ("
                  + result.refused().get(0).code() + ")");
            }
            sent.addAndGet(result.sent());
          }
        }));
      }
      long made = 0;
      while (made < count) {
        int size = (int) Math.min(CHUNK, count - made);
        List<String> chunk = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          chunk.add(generator.next().body());
        }
        made += size;
        while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          failIfAnyFailed(running);
        }
      }
      for (int i = 0; i < threads; i++) {
        while (!chunks.offer(END, 100, TimeUnit.MILLISECONDS)) {
          failIfAnyFailed(running);
        }
      }
      for (Future<?> future : running) {
        await(future);
      }
    } finally {
      senders.shutdownNow();
    }
    return new Seeded(sent.get(), generator.malformed() - malformedBefore, (System.nanoTime() - start) / 1e9);
  }

  private static void failIfAnyFailed(List<Future<?>> running) throws InterruptedException {
    for (Future<?> future : running) {
      if (future.isDone()) {
        await(future); // a sender only finishes early by failing
      }
    }
  }

  private static void await(Future<?> future) throws InterruptedException {
    try {
      future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new EtlException("seeding failed: " + cause, cause);
    }
  }
}
