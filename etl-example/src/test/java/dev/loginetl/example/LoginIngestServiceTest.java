package dev.loginetl.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.testdata.MessageGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginIngestServiceTest {
  private static final PiiKeyset KEYS = PiiKeyset.generate(MaskingStrategy.HMAC);
  /** A seed whose first 100 bodies include one malformed body of each kind (the generator makes about 1%). */
  private static final long SEED = 38;
  private static final long PATIENCE_MILLIS = 30_000;

  @TempDir Path spool;

  @Test
  void storesEverySubmittedMessageOnceAsARowOrARejectionAndEmptiesTheSpool() throws Exception {
    MessageGenerator generator = new MessageGenerator(SEED, 1_000, 200);
    Map<String, MessageGenerator.Generated> submitted = new LinkedHashMap<>();
    WatchingSink sink = new WatchingSink();
    LoginIngestService service = new LoginIngestService(spool, sink, KEYS, new CallerThreads("orders-ingest"));
    try (service) {
      sink.pendingOf(service::pending);
      for (int i = 0; i < 100; i++) {
        MessageGenerator.Generated message = generator.next();
        submitted.put(service.submit(message.body()), message);
      }
      awaitUntil("all 100 stored", () -> sink.store.size() == 100);
    }

    assertThat(generator.malformed()).as("malformed bodies the seed gives").isEqualTo(3);
    Map<String, LoginRow> rows = sink.store.rows();
    Map<String, Rejection> rejections = sink.store.rejections();
    assertThat(rows.keySet()).doesNotContainAnyElementsOf(rejections.keySet());
    Set<String> stored = new HashSet<>(rows.keySet());
    stored.addAll(rejections.keySet());
    assertThat(stored).isEqualTo(submitted.keySet());
    assertThat(rejections.keySet()).isEqualTo(idsWhere(submitted, true));
    String hmacMask = "h1:" + KEYS.primaryKeyId() + ":[A-Za-z0-9_-]{43}";
    assertThat(rows).allSatisfy((id, row) -> {
      assertThat(submitted.get(id).body()).contains("\"user_id\":\"" + row.userId() + "\"");
      assertThat(row.maskedIp()).matches(hmacMask);
      assertThat(row.maskedDeviceId()).matches(hmacMask);
    });
    assertThat(sink.acknowledgedBeforeCommit).isEmpty();
    assertThat(service.pending()).isEmpty();
    assertThat(service.stopped().toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
  }

  @Test
  void learnsOfAFatalSinkFailureThroughTheListenerAndAcknowledgesNothingUncommitted() throws Exception {
    EtlException diskFull = new EtlException("the store's disk is full");
    WatchingSink sink = new WatchingSink();
    CallerThreads threads = new CallerThreads("orders-ingest");
    MessageGenerator generator = new MessageGenerator(SEED, 1_000, 200);
    List<String> submitted = new ArrayList<>();
    try (LoginIngestService service = new LoginIngestService(spool, sink, KEYS, threads)) {
      AtomicReference<Thread> toldOn = new AtomicReference<>();
      // The stage after the callback: get() on stopped() itself may return before the callback has run.
      CompletableFuture<?> told =
          service.stopped().toCompletableFuture().whenComplete((ok, failure) -> toldOn.set(Thread.currentThread()));
      for (int i = 0; i < 30; i++) {
        submitted.add(service.submit(generator.next().body()));
      }
      awaitUntil("the first 30 stored", () -> sink.store.size() == 30);
      sink.failWith(diskFull);
      for (int i = 0; i < 70; i++) {
        submitted.add(service.submit(generator.next().body()));
      }

      Throwable outcome = catchThrowable(() -> service.stopped().toCompletableFuture().get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS));

      assertThat(outcome).isInstanceOf(ExecutionException.class);
      assertThat(outcome.getCause()).isSameAs(diskFull);
      catchThrowable(() -> told.get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS));
      assertThat(threads.made()).contains(toldOn.get());
      Set<String> acknowledged = new HashSet<>(submitted);
      acknowledged.removeAll(service.pending());
      assertThat(sink.store.size()).isEqualTo(30);
      assertThat(service.pending()).containsAll(submitted.subList(30, 100));
      assertThat(acknowledged).isSubsetOf(union(sink.store.rows().keySet(), sink.store.rejections().keySet()));
    }
  }

  @Test
  void runsEveryThreadOnTheCallersThreadFactoryAndEndsThemOnClose() throws Exception {
    CallerThreads threads = new CallerThreads("orders-ingest");
    WatchingSink sink = new WatchingSink();
    MessageGenerator generator = new MessageGenerator(SEED, 1_000, 200);
    try (LoginIngestService service = new LoginIngestService(spool, sink, KEYS, threads)) {
      for (int i = 0; i < 20; i++) {
        service.submit(generator.next().body());
      }
      awaitUntil("all 20 stored", () -> sink.store.size() == 20);

      // Receivers, writers and the one visibility extender; no thread of the pipeline's own making.
      int settingsThreads = LoginIngestService.SETTINGS.receivers() + LoginIngestService.SETTINGS.writers() + 1;
      assertThat(threads.made()).hasSize(settingsThreads);
      assertThat(sink.writerThreads).isNotEmpty().isSubsetOf(threads.made());
    }
    for (Thread thread : threads.made()) {
      thread.join(5_000);
    }
    assertThat(threads.made()).noneMatch(Thread::isAlive);
  }

  private static Set<String> idsWhere(Map<String, MessageGenerator.Generated> submitted, boolean malformed) {
    Set<String> ids = new HashSet<>();
    submitted.forEach((id, message) -> {
      if (message.malformed() == malformed) {
        ids.add(id);
      }
    });
    return ids;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MILLIS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + PATIENCE_MILLIS + " ms: " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The caller's threads: named after the service that runs them, and counted. */
  private static final class CallerThreads implements ThreadFactory {
    private final String prefix;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    CallerThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, prefix + "-" + (made.size() + 1));
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    }

    List<Thread> made() {
      return List.copyOf(made);
    }
  }

  /**
   * A {@link LoginStore} that notes which threads write, checks that every message it is given is
   * still in the spool (so not acknowledged before its commit), and fails on demand.
   */
  private static final class WatchingSink implements LoginSink {
    final LoginStore store = new LoginStore();
    final Set<Thread> writerThreads = ConcurrentHashMap.newKeySet();
    final List<String> acknowledgedBeforeCommit = new CopyOnWriteArrayList<>();
    private volatile Supplier<List<String>> pending; // null: not checked
    private volatile EtlException failure;

    void pendingOf(Supplier<List<String>> pending) {
      this.pending = pending;
    }

    void failWith(EtlException failure) {
      this.failure = failure;
    }

    @Override
    public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
      writerThreads.add(Thread.currentThread());
      if (failure != null) {
        throw failure;
      }
      if (pending != null) {
        Set<String> inSpool = new HashSet<>(pending.get());
        rows.stream().map(LoginRow::messageId).filter(id -> !inSpool.contains(id)).forEach(acknowledgedBeforeCommit::add);
        rejections.stream().map(Rejection::messageId).filter(id -> !inSpool.contains(id))
            .forEach(acknowledgedBeforeCommit::add);
      }
      return store.write(rows, rejections);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
