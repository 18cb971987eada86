package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerProcessTest {
  @Test
  void takesTheFirstCommitFromTheRunnersOwnLogLine(@TempDir Path dir) throws IOException {
    Path output = dir.resolve("runner.log");
    Files.writeString(output, String.join("\n",
        "2026-11-27T10:00:00.900Z INFO  [main] d.l.s.SqsMessageSource - Receiving from SQS queue 'q'",
        "2026-11-27T10:00:01.650Z INFO  [loginetl-writer-2] d.l.app.job.StartLog - first batch committed 1480 ms after the"
            + " JVM started (pipeline started at 1300 ms; queue opened in 400 ms and database in 600 ms, side by side)",
        "received 1, loaded 1"));
    RunnerProcess.Finished finished = new RunnerProcess.Finished(List.of("java"), 0,
        Instant.parse("2026-11-27T10:00:00.000Z"), 3.0, 1.2, true, output);

    assertThat(finished.firstCommitSeconds()).contains(1.65);
    assertThat(finished.firstCommitJvmMillis()).contains(1480L);
    assertThat(finished.outOfMemory()).isFalse();
    assertThat(finished.tail(1)).containsExactly("received 1, loaded 1");
  }

  @Test
  void aRunnerThatNeverCommittedHasNoFirstCommit(@TempDir Path dir) throws IOException {
    Path output = dir.resolve("runner.log");
    Files.writeString(output, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n");
    RunnerProcess.Finished finished = new RunnerProcess.Finished(List.of("java"), 1, Instant.now(), 3.0, 1.2, true, output);

    assertThat(finished.firstCommitSeconds()).isEmpty();
    assertThat(finished.outOfMemory()).isTrue();
  }

  @Test
  void givesADrainThatEndsTheQuickJitAndALongRunTheDefault() {
    assertThat(RunnerProcess.jitOptions(List.of("run", "--until-empty", "--queue-url", "q")))
        .containsExactly("-XX:TieredStopAtLevel=1");
    assertThat(RunnerProcess.jitOptions(List.of("run", "--queue-url", "q"))).isEmpty();
    assertThat(RunnerProcess.jitOptions(List.of("migrate"))).isEmpty();
  }

  @Test
  void startsFromTheArchiveBesideTheJarOnlyWhenItIsNewer(@TempDir Path dir) throws IOException {
    Path jar = Files.writeString(dir.resolve("loginetl.jar"), "jar");
    Path archive = Files.writeString(dir.resolve("loginetl.jsa"), "archive");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(archive, FileTime.fromMillis(2_000_000));

    List<String> command = RunnerProcess.command(jar, List.of("-Xmx64m"), List.of("run", "--until-empty"));

    assertThat(command).containsSubsequence("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1", "-Xmx64m",
        "-jar", jar.toString(), "run", "--until-empty");
    Files.setLastModifiedTime(archive, FileTime.fromMillis(500_000));
    assertThat(RunnerProcess.archiveOptions(jar)).as("an archive older than the jar").isEmpty();
    Files.delete(archive);
    assertThat(RunnerProcess.archiveOptions(jar)).isEmpty();
  }

  @Test
  void pinsTheRunnerWithTasksetOnlyWhenPinning() {
    List<String> command = List.of("java", "-jar", "loginetl.jar");

    assertThat(new Pinning(1, "0").wrap(command)).containsExactly("taskset", "-c", "1", "java", "-jar", "loginetl.jar");
    assertThat(Pinning.NONE.wrap(command)).isEqualTo(command);
  }
}
