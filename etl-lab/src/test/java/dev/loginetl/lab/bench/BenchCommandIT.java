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
        "--report", report.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("bare drain", "pipeline", "naive loop", "target >= 0.85", "target >= 30");
    JsonNode json = JSON.readTree(Files.readString(report));
    assertThat(json.at("/settings/messages").asInt()).isEqualTo(500);
    assertThat(json.at("/settings/receivers").asInt()).isEqualTo(4);
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
  }
}
