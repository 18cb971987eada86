package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetryingOperationsTest {
  private static final String WRITE = "write to the sink";
  private final RetryingOperations operations = new RetryingOperations(
      PipelineSettings.defaults().withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(2)), PipelineListener.NONE);

  @Test
  void namesAnOperationUntilTheLastCallRetryingItSettles() throws InterruptedException {
    CountDownLatch secondFailing = new CountDownLatch(1);
    CountDownLatch releaseSecond = new CountDownLatch(1);
    AtomicReference<Throwable> secondError = new AtomicReference<>();
    Thread second = new Thread(() -> {
      AtomicInteger calls = new AtomicInteger();
      try {
        operations.newRetrier().call(WRITE, () -> {
          if (calls.incrementAndGet() == 1) {
            throw new RetryableEtlException("connection reset");
          }
          secondFailing.countDown();
          await(releaseSecond);
          return "written";
        }, () -> true);
      } catch (InterruptedException | RuntimeException e) {
        secondError.set(e);
      }
    });
    second.start();
    assertThat(secondFailing.await(30, TimeUnit.SECONDS)).isTrue();

    AtomicInteger firstCalls = new AtomicInteger();
    operations.newRetrier().call(WRITE, () -> {
      if (firstCalls.incrementAndGet() < 3) {
        throw new RetryableEtlException("connection reset");
      }
      return "written";
    }, () -> true);

    assertThat(operations.names()).containsExactly(WRITE);
    releaseSecond.countDown();
    second.join(30_000);
    assertThat(secondError.get()).isNull();
    assertThat(operations.names()).isEmpty();
  }

  @Test
  void forgetsACallGivenUpAtItsFirstFailure() {
    assertThatExceptionOfType(RetryableEtlException.class).isThrownBy(() -> operations.newRetrier().call(
        WRITE, () -> {
          throw new RetryableEtlException("connection reset");
        }, () -> false));

    assertThat(operations.names()).isEmpty();
  }

  @Test
  void forgetsACallThatFailedFatallyAfterRetrying() {
    AtomicInteger calls = new AtomicInteger();
    assertThatExceptionOfType(EtlException.class).isThrownBy(() -> operations.newRetrier().call(WRITE, () -> {
      if (calls.incrementAndGet() < 3) {
        throw new RetryableEtlException("connection reset");
      }
      throw new EtlException("table missing");
    }, () -> true)).withMessage("table missing");

    assertThat(operations.names()).isEmpty();
  }

  @Test
  void forgetsACallInterruptedWhileWaitingToRetry() throws InterruptedException {
    RetryingOperations slow = new RetryingOperations(
        PipelineSettings.defaults().withRetryDelays(Duration.ofSeconds(30), Duration.ofSeconds(30)),
        PipelineListener.NONE);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiting = new Thread(() -> {
      try {
        slow.newRetrier().call(WRITE, () -> {
          throw new RetryableEtlException("connection reset");
        }, () -> true);
      } catch (InterruptedException | RuntimeException e) {
        thrown.set(e);
      }
    });
    waiting.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (slow.names().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(slow.names()).containsExactly(WRITE);

    waiting.interrupt();
    waiting.join(30_000);

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(slow.names()).isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
