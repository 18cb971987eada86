package dev.loginetl.lab.bench;

import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.testdata.MessageGenerator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue of the benchmark's own for one use: created under a name no other use has ({@code
 * loginetl-bench-<use>-<n>-<time>}), seeded when asked, and deleted afterwards whatever happened,
 * with what is left on it.
 */
final class BenchQueue {
  private static final AtomicInteger CREATED = new AtomicInteger();

  private BenchQueue() {}

  /** What is done with a fresh queue. */
  @FunctionalInterface
  interface Use<T> {
    T run(SqsQueueAdmin admin, String queueUrl) throws InterruptedException;
  }

  /** What is done with a fresh queue once it is seeded. */
  @FunctionalInterface
  interface SeededUse<T> {
    T run(SqsQueueAdmin admin, String queueUrl, Seeder.Seeded seeded) throws InterruptedException;
  }

  /** Creates a queue for {@code use}, runs it, and deletes the queue. */
  static <T> T use(BenchSetup setup, String name, Use<T> use) throws InterruptedException {
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(setup.sqs())) {
      String queueUrl = admin.createQueue(
          "loginetl-bench-" + name + "-" + CREATED.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()),
          BenchSetup.VISIBILITY);
      try {
        return use.run(admin, queueUrl);
      } finally {
        admin.deleteQueue(queueUrl);
      }
    }
  }

  /** As {@link #use}, with {@code messages} from the generator seeded with {@code seed} sent first. */
  static <T> T seeded(BenchSetup setup, String name, long seed, long messages, SeededUse<T> use)
      throws InterruptedException {
    return use(setup, name, (admin, queueUrl) -> use.run(admin, queueUrl,
        Seeder.seed(setup.sqs(), queueUrl, new MessageGenerator(seed), messages, Bench.SEED_THREADS)));
  }
}
