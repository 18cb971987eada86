package dev.loginetl.example;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;

/**
 * A plain Java service that embeds the loginetl pipeline. Callers {@link #submit} login events as
 * JSON; each is spooled to a directory ({@link SpoolDirectory}), checked by the login rules, its
 * {@code ip} and {@code device_id} masked with HMAC, and stored in the caller's {@link LoginSink} as
 * one row or one rejection. A message leaves the spool only once its row or rejection is committed,
 * so a crash loses nothing: the next service over the same directory delivers it again, and the
 * sink, idempotent by message id, stores it once.
 *
 * <p><b>Threads:</b> every thread it runs comes from the caller's {@link ThreadFactory}: the
 * pipeline's receivers and writers ({@link #SETTINGS}), its visibility extender, and, after a
 * failure, one thread that stops the pipeline and completes {@link #stopped()}.
 *
 * <p><b>Failures:</b> the pipeline retries what a retry may mend for up to the outage limit; past
 * it, or on a fatal {@link EtlException}, it stops and tells this service through its listener. The
 * service then releases the pipeline's threads, acknowledging nothing uncommitted, and completes
 * {@link #stopped()} exceptionally with that exception. It does not restart itself; its owner closes
 * it and may start a new one. Messages submitted meanwhile wait in the spool.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use.
 *
 * <p><b>Lifecycle:</b> running from construction; {@link #close()} stops receiving, finishes,
 * commits and acknowledges what is in flight, then closes the spool. It does not close the sink,
 * which belongs to the caller.
 */
public final class LoginIngestService implements AutoCloseable {
  /** How its pipeline runs: sized for a service beside other work, not for a bulk load. */
  public static final PipelineSettings SETTINGS = PipelineSettings.defaults()
      .withReceivers(2)
      .withWriters(2)
      .withBatchSize(100)
      .withMaxInFlight(1_000)
      .withOutageLimit(Duration.ofSeconds(30));
  /** How long a delivered message stays hidden before it is delivered again. */
  public static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

  private final SpoolDirectory spool;
  private final ThreadFactory threads;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Object lock = new Object();
  private Pipeline pipeline; // set once, under lock, before any other method can see this service
  private volatile boolean closed;

  /**
   * Starts the service.
   *
   * @param spoolDirectory where submitted messages wait until committed; created if missing, and
   *     what a previous run left there is loaded first
   * @param sink where rows and rejections are stored; must keep the {@link LoginSink} contract
   * @param keys HMAC keys ({@code PiiKeyset.generate(MaskingStrategy.HMAC)}, or read from a file)
   * @param threads makes every thread the service runs
   * @throws dev.loginetl.pii.PiiConfigException when {@code keys} are not HMAC keys
   * @throws EtlException when the spool directory cannot be created
   */
  public LoginIngestService(Path spoolDirectory, LoginSink sink, PiiKeyset keys, ThreadFactory threads) {
    requireNonNull(sink, "sink");
    this.threads = requireNonNull(threads, "threads");
    LoginTransformer transform = new LoginTransformer(Maskers.create(MaskingStrategy.HMAC, keys));
    this.spool = new SpoolDirectory(spoolDirectory, VISIBILITY_TIMEOUT);
    synchronized (lock) {
      pipeline = Pipeline.builder(spool, sink, transform)
          .settings(SETTINGS)
          .threadFactory(threads)
          .listener(new PipelineListener() {
            @Override
            public void failed(EtlException cause) {
              onFailure(cause);
            }
          })
          .start();
    }
  }

  /**
   * Accepts one login event. It is on disk when this returns; its row or rejection follows.
   *
   * @param json the event's JSON text, never null; malformed text is accepted and stored as a
   *     rejection
   * @return the message id its row or rejection will carry
   * @throws IllegalStateException after {@link #close()}
   * @throws IllegalArgumentException when {@code json} holds an unpaired surrogate
   * @throws EtlException when it could not be written to the spool
   */
  public String submit(String json) {
    requireNonNull(json, "json");
    if (closed) {
      throw new IllegalStateException("the login ingest service is closed");
    }
    return spool.submit(json);
  }

  /** Ids of the messages submitted and not yet acknowledged (their row or rejection not committed). */
  public List<String> pending() {
    return spool.pendingIds();
  }

  /**
   * Completes normally when {@link #close()} has finished, or exceptionally with the pipeline's
   * failure as soon as the pipeline has failed and released its threads. Actions registered before
   * then run on a thread of the caller's factory (or the closing thread), never on one of the
   * pipeline's, so they may call {@link #close()}.
   */
  public CompletionStage<Void> stopped() {
    return stopped.minimalCompletionStage();
  }

  /** Told on a pipeline thread, which must neither block nor stop the pipeline: a thread of the caller's does both. */
  private void onFailure(EtlException cause) {
    threads.newThread(() -> {
      pipeline().stop();
      stopped.completeExceptionally(cause);
    }).start();
  }

  /** The pipeline, once the constructor has set it: a failure may be told before it returns. */
  private Pipeline pipeline() {
    synchronized (lock) {
      return pipeline;
    }
  }

  /**
   * Stops receiving, finishes, commits and acknowledges what is in flight (nothing, after a
   * failure), releases the threads and closes the spool. Blocks meanwhile, for at most about twice
   * the shutdown timeout of {@link #SETTINGS} plus its outage limit. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      PipelineSummary summary = pipeline.stop();
      spool.close();
      summary.failed().ifPresentOrElse(stopped::completeExceptionally, () -> stopped.complete(null));
    }
  }
}
