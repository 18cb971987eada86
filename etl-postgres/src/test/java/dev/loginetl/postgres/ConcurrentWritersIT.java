package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.port.WriteResult;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Loaders in several processes (here: two sinks, each with its own pool) and threads write
 * overlapping batches in different orders, as redeliveries make them: every message is stored once,
 * exactly one write reports it as new, and no transaction deadlocks.
 */
class ConcurrentWritersIT {
  private static final int IDS = 600;
  private static final int WRITERS_PER_SINK = 3;
  private static final int BATCHES_PER_WRITER = 12;
  private static final int BATCH_SIZE = 80;

  @RegisterExtension final TestSchema testSchema = TestSchema.on(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();

  @Test
  void overlappingBatchesFromManyWritersStoreEachMessageOnceAndReportItNewOnce() {
    PostgresSchema.migrate(config);
    List<List<LoginRow>> batches = new ArrayList<>();
    Random random = new Random(42);
    for (int b = 0; b < 2 * WRITERS_PER_SINK * BATCHES_PER_WRITER; b++) {
      List<Integer> ids = new ArrayList<>(IntStream.range(0, IDS).boxed().toList());
      Collections.shuffle(ids, random);
      batches.add(ids.subList(0, BATCH_SIZE).stream().map(ConcurrentWritersIT::row).toList());
    }
    Set<String> written = new HashSet<>();
    batches.forEach(batch -> batch.forEach(row -> written.add(row.messageId())));

    List<WriteResult> results;
    try (PostgresLoginSink one = PostgresLoginSink.open(config);
        PostgresLoginSink other = PostgresLoginSink.open(config)) {
      List<CompletableFuture<List<WriteResult>>> writers = new ArrayList<>();
      for (int w = 0; w < 2 * WRITERS_PER_SINK; w++) {
        PostgresLoginSink sink = w % 2 == 0 ? one : other;
        List<List<LoginRow>> mine = batches.subList(w * BATCHES_PER_WRITER, (w + 1) * BATCHES_PER_WRITER);
        writers.add(CompletableFuture.supplyAsync(
            () -> mine.stream().map(batch -> sink.write(batch, List.of())).toList()));
      }
      results = writers.stream().flatMap(w -> w.join().stream()).toList();
    }

    long reportedNew = results.stream().mapToLong(r -> BATCH_SIZE - r.alreadyPresent().size()).sum();
    assertThat(reportedNew).isEqualTo(written.size());
    assertThat(db.rows(config.schema()).keySet()).isEqualTo(written);
    assertThat(db.count(config.schema(), "user_logins")).isEqualTo(written.size());
  }

  private static LoginRow row(int id) {
    return new LoginRow("id-" + id, "user-" + id, "ios", "h1:ip-" + id, null, "EN", id, String.valueOf(id),
        LocalDate.of(2026, 1, 1).plusDays(id % 300));
  }
}
