package dev.loginetl.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Where tasks run, and what {@code close()} does to the ones running. */
class BatchThreadsTest {

  /** A safety net against a hang, not a timing: every wait below is released by the test itself. */
  private static final long HANG_SECONDS = 30;

  private static boolean await(CountDownLatch latch) throws InterruptedException {
    return latch.await(HANG_SECONDS, TimeUnit.SECONDS);
  }

  /** Says it started, then waits for an interrupt that only {@code close()} gives. */
  private static String blockUntilInterrupted(CountDownLatch started) {
    started.countDown();
    try {
      new CountDownLatch(1).await(); // never released
      return "not interrupted";
    } catch (InterruptedException e) {
      return "interrupted";
    }
  }

  @Test
  void runsATaskOnANamedDaemonThreadAndOnTheCallingThreadWhenAllAreBusy() throws Exception {
    try (BatchThreads threads = new BatchThreads(1, Duration.ofSeconds(10))) {
      CountDownLatch release = new CountDownLatch(1);
      Future<Thread> busy = threads.submit(() -> {
        await(release);
        return Thread.currentThread();
      });

      Future<Thread> second = threads.submit(Thread::currentThread);

      assertThat(second.isDone()).as("ran before submit returned").isTrue();
      assertThat(second.get()).isSameAs(Thread.currentThread());
      release.countDown();
      Thread batchThread = busy.get(HANG_SECONDS, TimeUnit.SECONDS);
      assertThat(batchThread.getName()).startsWith("loginetl-sqs-batch-");
      assertThat(batchThread.isDaemon()).isTrue();
    }
  }

  @Test
  void runsTasksOnTheCallingThreadOnceClosed() throws Exception {
    BatchThreads threads = new BatchThreads(8, Duration.ofSeconds(10));
    threads.close();

    assertThat(threads.submit(Thread::currentThread).get()).isSameAs(Thread.currentThread());
  }

  @Test
  void closeLetsARunningTaskFinishBeforeItReturns() throws Exception {
    BatchThreads threads = new BatchThreads(1, Duration.ofSeconds(HANG_SECONDS));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Boolean> task = threads.submit(() -> {
      started.countDown();
      return await(release);
    });
    assertThat(await(started)).isTrue();
    AtomicBoolean doneWhenCloseReturned = new AtomicBoolean();
    Thread closer = new Thread(() -> {
      threads.close();
      doneWhenCloseReturned.set(task.isDone());
    });
    closer.start();
    while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
      Thread.sleep(1); // until close() waits for the task
    }

    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));

    assertThat(doneWhenCloseReturned).isTrue();
    assertThat(task.get()).as("finished normally, not interrupted").isTrue();
  }

  @Test
  void closeInterruptsATaskStillRunningAfterTheWait() throws Exception {
    BatchThreads threads = new BatchThreads(1, Duration.ofMillis(1));
    CountDownLatch started = new CountDownLatch(1);
    Future<String> task = threads.submit(() -> blockUntilInterrupted(started));
    assertThat(await(started)).isTrue();

    threads.close();

    assertThat(task.get(HANG_SECONDS, TimeUnit.SECONDS)).isEqualTo("interrupted");
  }

  @Test
  void closeRestoresTheInterruptFlagWhenInterruptedWhileWaiting() throws Exception {
    BatchThreads threads = new BatchThreads(1, Duration.ofSeconds(HANG_SECONDS));
    CountDownLatch started = new CountDownLatch(1);
    Future<String> task = threads.submit(() -> blockUntilInterrupted(started));
    assertThat(await(started)).isTrue();
    Thread.currentThread().interrupt();
    try {
      threads.close();

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(task.get(HANG_SECONDS, TimeUnit.SECONDS)).isEqualTo("interrupted");
  }
}
