package dev.loginetl.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.EtlException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ParallelStartTest {
  /** A side that counts how often it is closed. */
  private static final class Side implements AutoCloseable {
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void opensTheQueueOnAnotherThreadWhileTheDatabaseOpensOnTheCallers() throws Exception {
    Side queue = new Side();
    Side database = new Side();
    CountDownLatch queueStarted = new CountDownLatch(1);
    AtomicReference<String> queueThread = new AtomicReference<>();

    ParallelStart.Opened<Side, Side> opened = ParallelStart.open(() -> {
      queueThread.set(Thread.currentThread().getName());
      queueStarted.countDown();
      return queue;
    }, () -> {
      // The database side sees the queue side under way before it finishes: they overlap.
      await(queueStarted);
      return database;
    });

    assertThat(opened.queue()).isSameAs(queue);
    assertThat(opened.database()).isSameAs(database);
    assertThat(queueThread.get()).isEqualTo("loginetl-open-queue").isNotEqualTo(Thread.currentThread().getName());
    assertThat(queue.closed.get() + database.closed.get()).isZero();
  }

  @Test
  void aDatabaseFailureIsThrownAndTheQueueIsClosedOnceOpen() throws Exception {
    Side queue = new Side();
    CountDownLatch releaseQueue = new CountDownLatch(1);
    EtlException refused = new EtlException("the database refused the login");

    assertThatThrownBy(() -> ParallelStart.open(() -> {
      await(releaseQueue);
      return queue;
    }, () -> {
      throw refused;
    })).isSameAs(refused);

    releaseQueue.countDown();
    for (int i = 0; i < 500 && queue.closed.get() == 0; i++) {
      Thread.sleep(10);
    }
    assertThat(queue.closed.get()).isEqualTo(1);
  }

  @Test
  void aQueueFailureIsThrownAndTheDatabaseIsClosed() {
    Side database = new Side();
    EtlException missing = new EtlException("the queue does not exist");

    assertThatThrownBy(() -> ParallelStart.open(() -> {
      throw missing;
    }, () -> database)).isSameAs(missing);

    assertThat(database.closed.get()).isEqualTo(1);
  }

  @Test
  void whenBothFailTheDatabasesFailureIsThrownWithTheQueuesSuppressed() {
    EtlException queueFailure = new EtlException("nothing answers at the queue");
    EtlException databaseFailure = new EtlException("nothing answers at the database");
    CountDownLatch queueFailing = new CountDownLatch(1);
    AtomicReference<Thread> queueThread = new AtomicReference<>();

    assertThatThrownBy(() -> ParallelStart.open(() -> {
      queueThread.set(Thread.currentThread());
      queueFailing.countDown();
      throw queueFailure;
    }, () -> {
      await(queueFailing);
      join(queueThread.get()); // the queue side's failure is in before the database's
      throw databaseFailure;
    })).isSameAs(databaseFailure).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(queueFailure));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
