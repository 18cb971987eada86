package dev.loginetl.app.faults;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQS-compatible server stopped mid-run, for 10 seconds and for longer than the runner's outage
 * limit, then started again on the same port with its queues and messages (see {@link
 * FaultServers}: a plain in-memory restart would lose them, which would test ElasticMQ, not the
 * runner).
 */
@Tag(Faults.TAG)
class QueueOutageIT {
  private static FaultServers servers;
  private static Outage outage;

  @BeforeAll
  static void startServers() {
    servers = FaultServers.start(); // its own: these tests stop the queue
    outage = new Outage("queue-outage", "queue", servers, servers::stopQueue, servers::startQueue);
  }

  @AfterAll
  static void stopServers() {
    servers.close();
  }

  @Test
  void tenSecondsWithoutTheQueueAreRiddenOutLosingAndDuplicatingNothing(@TempDir Path dir) throws Exception {
    outage.riddenOut(dir, 10_000, Duration.ofSeconds(10));
  }

  @Test
  void aQueueDownLongerThanTheOutageLimitStopsTheRunnerWithExit1DeletingNothingUncommitted(@TempDir Path dir)
      throws Exception {
    outage.outlasted(dir, 10_000);
  }
}
