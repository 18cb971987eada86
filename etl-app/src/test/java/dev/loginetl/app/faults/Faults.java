package dev.loginetl.app.faults;

import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.sqs.SqsQueueAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** Small helpers the fault tests share. */
final class Faults {
  /** The JUnit tag of the fault tests: {@code ./mvnw verify -Pfaults} runs them alone. */
  static final String TAG = "faults";

  private Faults() {}

  /** A new HMAC key in {@code dir}. */
  static Path keyFile(Path dir) {
    Path key = dir.resolve("hmac.key");
    PiiKeyset.generate(MaskingStrategy.HMAC).writeNew(key);
    return key;
  }

  /** Creates a queue whose messages stay hidden {@code visibility} after each delivery. Its URL. */
  static String queue(FaultServers servers, String name, Duration visibility) {
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
      return admin.createQueue(name, visibility);
    }
  }

  /**
   * A random source whose seed is printed, so that a failure can be replayed with {@code
   * -Dfaults.seed=N}.
   */
  static Random random(String scenario) {
    long seed = Long.getLong("faults.seed", System.nanoTime());
    System.out.println("FAULTS " + scenario + ": seed " + seed);
    return new Random(seed);
  }

  /**
   * Polls {@code condition} every 50 ms until it holds. {@code guard} bounds how long a broken
   * runner can hold the build; it is not a claim about speed: past it, the test fails.
   */
  static void waitUntil(Duration guard, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + guard.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting (after " + guard.toSeconds() + " s) until " + what);
      }
      Thread.sleep(50);
    }
  }
}
