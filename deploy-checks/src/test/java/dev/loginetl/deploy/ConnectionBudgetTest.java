package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.app.job.RunnerConnections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's database.connectionBudget check counts what the runner really opens: per pod and for
 * the migration job, the counts etl-app's RunnerConnections states (etl-app's ConnectionCountIT
 * checks a running runner against those).
 */
class ConnectionBudgetTest {
  private static final Pattern TOTAL = Pattern.compile("= (\\d+), more than database\\.connectionBudget");

  @TempDir Path dir;

  @Test
  void countsPerPodWhatARunnerOpens() throws IOException {
    for (int writers : new int[] {1, 4, 16}) {
      // One pod, and one more during a rolling update: 2 pods, no migration job.
      int counted = countedByTheChart(writers, false);
      assertThat(counted).as("writers %d", writers).isEqualTo(2 * RunnerConnections.perRunner(writers));
    }
  }

  @Test
  void countsForTheMigrationJobWhatAMigrationOpens() throws IOException {
    assertThat(countedByTheChart(4, true) - countedByTheChart(4, false)).isEqualTo(RunnerConnections.MIGRATION);
  }

  /** The connections the chart counts for 2 runner pods with {@code writers}, read from its refusal of a budget of 1. */
  private int countedByTheChart(int writers, boolean migration) throws IOException {
    Path values = Files.writeString(dir.resolve("values-" + writers + "-" + migration + ".yaml"), String.join("\n",
        "replicaCount: 1",
        "rollingUpdate:", "  maxSurge: 1", "  maxUnavailable: 0",
        "pipeline:", "  writers: " + writers,
        "migration:", "  enabled: " + migration,
        "database:", "  connectionBudget: 1", ""));
    String[] message = new String[1];
    assertThatThrownBy(() -> HelmChart.committed().template(values))
        .isInstanceOf(IllegalStateException.class)
        .satisfies(e -> message[0] = e.getMessage());
    Matcher total = TOTAL.matcher(message[0]);
    assertThat(total.find()).as(message[0]).isTrue();
    return Integer.parseInt(total.group(1));
  }
}
