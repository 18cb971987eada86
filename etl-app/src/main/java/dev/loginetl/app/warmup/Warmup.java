package dev.loginetl.app.warmup;

import dev.loginetl.app.base.AwsEndpoints;
import dev.loginetl.app.base.SampleMessages;
import dev.loginetl.app.job.LoaderPipeline;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.core.pipeline.PipelineSummary;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresLoginSink;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The training run behind the runner's class-data-sharing archive: walks the start of {@code run}
 * without any server, so that the JVM records the classes {@code run} loads and {@code loginetl}
 * and the image start from that archive (see docs/operations.md, "Start-up and JVM options").
 *
 * <p>What it does: reads a fresh key of each masking strategy back from a file, masks the bundled
 * sample through the real transform, builds the SQS client and the PostgreSQL connection pool and
 * lets each try a port on the loopback interface where nothing listens (so that the request paths
 * up to the socket load, and fail, as they would against a server that is down), and runs the real
 * pipeline, metrics included, over the sample from memory into a sink that keeps nothing. It sends
 * nothing anywhere, writes nothing but a temporary key file, which it deletes, and needs no
 * credentials.
 *
 * <p>Not thread-safe; one run per process.
 */
public final class Warmup {
  private Warmup() {}

  /**
   * Runs the training.
   *
   * @return a line saying what was exercised
   */
  public static String run() {
    int closedPort = closedLoopbackPort();
    List<String> bodies = SampleMessages.bundled();
    LoginTransformer transformer = null;
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      transformer = new LoginTransformer(Maskers.create(strategy, roundTrip(PiiKeyset.generate(strategy))));
      for (int i = 0; i < bodies.size(); i++) {
        transformer.transform(message(i, bodies.get(i)));
      }
    }
    int refused = 0;
    refused += refused(() -> SqsMessageSource.open(SqsSourceConfig.of(
        AwsEndpoints.sqsClient(URI.create("http://127.0.0.1:" + closedPort), "us-east-1"),
        "http://127.0.0.1:" + closedPort + "/000000000000/loginetl-warmup")
        .withWaitTime(Duration.ofSeconds(1))).close());
    PostgresConfig database = PostgresConfig.of("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres",
        "postgres", Password.none()).withConnectionTimeout(PostgresConfig.MIN_CONNECTION_TIMEOUT);
    refused += refused(() -> PostgresSchema.migrate(database));
    refused += refused(() -> PostgresLoginSink.open(database).close());
    long loaded = drain(bodies, transformer);
    return "warmed up: " + bodies.size() + " sample messages masked with each strategy, " + loaded
        + " of them through the pipeline; " + refused + " of 3 connections refused, as expected";
  }

  /** The sample through the real pipeline, from memory into a sink that keeps nothing. */
  private static long drain(List<String> bodies, LoginTransformer transformer) {
    RunSettings settings = RunSettings.of(PipelineSettings.defaults().withStopWhenEmpty(true)
        .withLinger(Duration.ofMillis(10)));
    try (MemorySource source = new MemorySource(bodies)) {
      Pipeline pipeline = LoaderPipeline.start(source, new NoSink(), transformer, settings,
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, List.of()).pipeline();
      pipeline.awaitStopRequested();
      PipelineSummary summary = pipeline.stop();
      if (summary.failed().isPresent()) {
        throw summary.failed().get();
      }
      return summary.loaded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while warming up", e);
    }
  }

  private static PiiKeyset roundTrip(PiiKeyset keyset) {
    try {
      Path dir = Files.createTempDirectory("loginetl-warmup-");
      Path file = dir.resolve("warmup.key");
      try {
        keyset.writeNew(file);
        return PiiKeyset.read(file);
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a temporary key file for the warm-up", e);
    }
  }

  /** 1 when {@code attempt} failed as a server that is down makes it fail; 0 when it succeeded. */
  private static int refused(Runnable attempt) {
    try {
      attempt.run();
      return 0;
    } catch (EtlException expected) {
      return 1;
    }
  }

  private static int closedLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no loopback port for the warm-up", e);
    }
  }

  private static ReceivedMessage message(int index, String body) {
    return new ReceivedMessage("warmup-" + index, body, Instant.now(), 1, index);
  }

  /** The sample, handed out once, ten at a time. */
  private static final class MemorySource implements MessageSource {
    private final ConcurrentLinkedQueue<ReceivedMessage> waiting = new ConcurrentLinkedQueue<>();

    MemorySource(List<String> bodies) {
      for (int i = 0; i < bodies.size(); i++) {
        waiting.add(message(i, bodies.get(i)));
      }
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages) {
      List<ReceivedMessage> batch = new ArrayList<>(maxMessages);
      for (ReceivedMessage next = null; batch.size() < maxMessages && (next = waiting.poll()) != null; ) {
        batch.add(next);
      }
      return batch;
    }

    @Override
    public void acknowledge(List<ReceivedMessage> messages) {}

    @Override
    public void extendVisibility(List<ReceivedMessage> messages) {}

    @Override
    public Duration visibilityTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    public void close() {}
  }

  /** Keeps nothing. */
  private static final class NoSink implements LoginSink {
    @Override
    public WriteResult write(List<dev.loginetl.core.model.LoginRow> rows, List<dev.loginetl.core.model.Rejection> rejections) {
      return WriteResult.clean();
    }

    @Override
    public void close() {}
  }
}
