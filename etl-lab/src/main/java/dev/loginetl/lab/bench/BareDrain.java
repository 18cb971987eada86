package dev.loginetl.lab.bench;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.core.transform.Transform;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase 1, the queue's own limit at the pipeline's concurrency: the loader's very pipeline (the
 * same assembly, settings, receivers, writers, batches, in-flight bound and deletes, through the same
 * source adapter and client settings) with nothing in the middle: a transform that passes every
 * message through without reading it, and a sink that writes nothing. No parsing, no masking, no
 * database.
 */
final class BareDrain {
  /** Every message becomes the same row, unread: the bare drain measures the queue, not the rules. */
  static final Transform PASS_THROUGH = message -> new Outcome.Parsed(
      new LoginRow(message.messageId(), "bare-drain", null, null, null, null, null, null, LocalDate.EPOCH), 0);

  /** Accepts every batch at once and keeps nothing. */
  static final LoginSink NOWHERE = new LoginSink() {
    @Override
    public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
      return WriteResult.clean();
    }

    @Override
    public void close() {}
  };

  private BareDrain() {}

  static BenchReport.Phase run(BenchSetup setup, String queueUrl, Seeder.Seeded seeded, Resources resources)
      throws InterruptedException {
    try (TimedSource source = new TimedSource(SqsMessageSource.open(
        SqsSourceConfig.of(setup.sqs(), queueUrl).withWaitTime(BenchSetup.WAIT_TIME)))) {
      PipelineDrain.Drained drained = PipelineDrain.drain(setup, source, NOWHERE, PASS_THROUGH, seeded, resources);
      Map<String, BenchReport.Stage> stages = new LinkedHashMap<>();
      stages.put("receive", source.receive.snapshot(drained.seconds()));
      stages.put("delete", source.acknowledge.snapshot(drained.seconds()));
      return drained.phase("bare drain", seeded, null, null, null, stages);
    }
  }

  static double round3(double value) {
    return StageClock.round(value, 3);
  }
}
