package dev.loginetl.app.faults;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL stopped mid-run: for 10 seconds, and for longer than the runner's outage limit. */
@Tag(Faults.TAG)
class DatabaseOutageIT {
  private static FaultServers servers;
  private static Outage outage;

  @BeforeAll
  static void startServers() {
    servers = FaultServers.start(); // its own: these tests stop the database
    outage = new Outage("database-outage", "database", servers, servers::stopDatabase, servers::startDatabase);
  }

  @AfterAll
  static void stopServers() {
    servers.close();
  }

  @Test
  void tenSecondsWithoutTheDatabaseAreRiddenOutLosingAndDuplicatingNothing(@TempDir Path dir) throws Exception {
    outage.riddenOut(dir, 10_000, Duration.ofSeconds(10));
  }

  @Test
  void aDatabaseDownLongerThanTheOutageLimitStopsTheRunnerWithExit1DeletingNothingUncommitted(@TempDir Path dir)
      throws Exception {
    outage.outlasted(dir, 10_000);
  }
}
