package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.lab.testing.LabCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loginetl bench} on embedded servers, small: structure and accounting, never timings. */
class BenchCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void measuresAllThreePhasesAndAccountsForEveryMessage(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    LabCli.Result result = LabCli.run("bench", "--messages", "500", "--naive-messages", "50", "--warmup-messages", "0",
        "--no-cold", "--report", report.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("bare drain", "pipeline", "naive loop", "target >= 0.85", "target >= 30");
    JsonNode json = JSON.readTree(Files.readString(report));
    assertThat(json.at("/settings/messages").asInt()).isEqualTo(500);
    assertThat(json.at("/settings/receivers").asInt()).as("adaptive by default").isEqualTo(2);
    assertThat(json.at("/settings/maxReceivers").asInt()).isEqualTo(32);
    assertThat(json.at("/machine/cores").asInt()).isPositive();
    JsonNode run = json.at("/runs/0");
    for (String phase : new String[] {"bareDrain", "pipeline", "naive"}) {
      JsonNode figures = run.get(phase);
      assertThat(figures.get("messages").asLong()).as(phase).isEqualTo(figures.get("seeded").asLong());
      assertThat(figures.get("messagesPerSecond").asDouble()).as(phase).isPositive();
      assertThat(figures.get("peakHeapBytes").asLong()).as(phase).isPositive();
      assertThat(figures.at("/stages/receive/items").asLong()).as(phase).isEqualTo(figures.get("seeded").asLong());
    }
    assertThat(run.at("/bareDrain/seeded").asLong()).isEqualTo(500);
    assertThat(run.at("/pipeline/loaded").asLong() + run.at("/pipeline/rejected").asLong()).isEqualTo(500);
    assertThat(run.at("/pipeline/rejected").asLong()).isBetween(1L, 20L);
    assertThat(run.at("/pipeline/latency/count").asLong()).isEqualTo(500);
    assertThat(run.at("/naive/loaded").asLong() + run.at("/naive/rejected").asLong()).isEqualTo(50);
    assertThat(json.at("/median/pipelineToBareDrain").asDouble()).isPositive();
    assertThat(json.at("/median/pipelineToNaive").asDouble()).isPositive();
  }

  @Test
  void drainsWithTheRunnerAsASeparateProcessWithASmallHeap(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    LabCli.Result result = LabCli.run("bench", "--messages", "300", "--runner-heap", "96m",
        "--runner-jar", Path.of("..", "etl-app", "target", "loginetl.jar").toString(), "--report", report.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    JsonNode memory = JSON.readTree(Files.readString(report)).get("memory");
    assertThat(memory.get("exitCode").asInt()).isZero();
    assertThat(memory.get("heap").asText()).isEqualTo("96m");
    assertThat(memory.get("command").asText()).contains("-Xmx96m", "run --until-empty");
    assertThat(memory.get("loaded").asLong() + memory.get("rejected").asLong()).isEqualTo(300);
    assertThat(memory.get("queueLeft").asLong()).isZero();
    assertThat(memory.get("outOfMemory").asBoolean()).isFalse();
    JsonNode goal = JSON.readTree(Files.readString(report)).at("/targets/memoryMillionAt64m");
    assertThat(goal.get("value").asLong()).isEqualTo(300);
    assertThat(goal.get("met").isNull()).as("300 messages at 96m: not the goal's run").isTrue();
  }

  @Test
  void startsAndDrainsWithAFreshRunnerProcessAndReportsTheColdGoals(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    LabCli.Result result = LabCli.run("bench", "--cold-only", "--cold-drain-messages", "200", "--runner-cpu", "none",
        "--runner-jar", Path.of("..", "etl-app", "target", "loginetl.jar").toString(), "--report", report.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("Cold start", "Cold drain", "Goals:");
    JsonNode json = JSON.readTree(Files.readString(report));
    assertThat(json.get("runs")).isEmpty();
    JsonNode start = json.at("/coldStart/runs/0");
    assertThat(start.get("exitCode").asInt()).isZero();
    assertThat(start.get("loaded").asLong() + start.get("rejected").asLong()).isEqualTo(1);
    assertThat(start.get("queueLeft").asLong()).isZero();
    assertThat(start.get("firstCommitSeconds").isNumber()).as("the runner logged its first commit").isTrue();
    assertThat(start.get("firstCommitJvmMillis").isNumber()).isTrue();
    assertThat(start.get("cpuSeconds").isNumber()).isTrue();
    assertThat(json.at("/coldStart/command").asText()).contains("run --until-empty", "-XX:TieredStopAtLevel=1");
    JsonNode drain = json.at("/coldDrain/runs/0");
    assertThat(drain.get("exitCode").asInt()).isZero();
    assertThat(drain.get("loaded").asLong() + drain.get("rejected").asLong()).isEqualTo(200);
    assertThat(drain.get("queueLeft").asLong()).isZero();
    assertThat(json.at("/targets/coldStartFirstCommitSeconds/value").asDouble())
        .isEqualTo(json.at("/coldStart/median/firstCommitSeconds").asDouble());
    assertThat(json.at("/targets/coldStartFirstCommitSeconds/met").isBoolean()).isTrue();
    assertThat(json.at("/targets/coldDrainSeconds/met").isNull()).as("200 messages: not the goal's backlog").isTrue();
    assertThat(json.at("/targets/pipelineToBareDrain/met").isNull()).as("warm phases not run").isTrue();
  }
}
