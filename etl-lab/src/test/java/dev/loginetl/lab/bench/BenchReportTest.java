package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static BenchReport.Phase phase(String name, double rate, Long loaded, BenchReport.Latency latency) {
    return new BenchReport.Phase(name, 1000, 0.5, 1000, 1000 / rate, 1000 / rate + 1, rate, 64L << 20, loaded,
        loaded == null ? null : 1000 - loaded, latency,
        Map.of("receive", new BenchReport.Stage(100, 1000, 500, 5000, 0.5)),
        new BenchReport.Cpu(2.0, 1.5, 0.5, Map.of("pipeline", 0.3)));
  }

  private static BenchReport.Run run(int n, double bare, double pipeline, double naive, long p50) {
    return new BenchReport.Run(n, phase("bare drain", bare, null, null),
        phase("pipeline", pipeline, 990L, new BenchReport.Latency(990, p50, p50 * 2, p50 * 3)),
        phase("naive loop", naive, 990L, null), pipeline / bare, pipeline / naive);
  }

  @Test
  void medianTakesEachFigureOverTheRuns() {
    List<BenchReport.Run> runs = List.of(run(1, 10_000, 9_000, 300, 100), run(2, 12_000, 9_600, 280, 300),
        run(3, 11_000, 8_000, 320, 200));
    BenchReport.Summary median = Bench.median(runs);
    assertThat(median.bareDrainPerSecond()).isEqualTo(11_000);
    assertThat(median.pipelinePerSecond()).isEqualTo(9_000);
    assertThat(median.naivePerSecond()).isEqualTo(300);
    assertThat(median.pipelineToBareDrain()).isEqualTo(0.8); // 0.9, 0.8, 0.727...
    assertThat(median.pipelineToNaive()).isEqualTo(30.0); // 30, 34.3, 25
    assertThat(median.latencyP50Millis()).isEqualTo(200);
    assertThat(median.latencyP99Millis()).isEqualTo(400);
  }

  @Test
  void writesTheFiguresAndSettingsAsJson(@TempDir Path dir) throws IOException {
    List<BenchReport.Run> runs = List.of(run(1, 10_000, 9_000, 300, 100));
    BenchReport report = new BenchReport(
        new BenchReport.Settings(1000, 100, 0, 1, "hmac", 4, 2, 500, 100, 5000, 42, "embedded ElasticMQ",
            "embedded PostgreSQL", "bench"),
        new BenchReport.Machine(2, 1L << 30, "17", "vm", "Linux amd64", 0.1), runs, Bench.median(runs), null);
    Path file = dir.resolve("sub/report.json");
    report.write(file);

    JsonNode json = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    assertThat(json.at("/settings/masking").asText()).isEqualTo("hmac");
    assertThat(json.at("/settings/receivers").asInt()).isEqualTo(4);
    assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    assertThat(json.at("/runs/0/pipeline/messagesPerSecond").asDouble()).isEqualTo(9_000);
    assertThat(json.at("/runs/0/pipeline/latency/p99Millis").asLong()).isEqualTo(200);
    assertThat(json.at("/runs/0/bareDrain/loaded").isMissingNode()).as("absent, not null").isTrue();
    assertThat(json.at("/runs/0/naive/stages/receive/calls").asLong()).isEqualTo(100);
    assertThat(json.at("/runs/0/pipeline/cpu/jvmThreadCores/pipeline").asDouble()).isEqualTo(0.3);
    assertThat(json.at("/median/pipelineToBareDrain").asDouble()).isEqualTo(0.9);
    assertThat(json.at("/median/pipelineToNaive").asDouble()).isEqualTo(30.0);
    assertThat(json.has("memory")).isFalse();
  }

  @Test
  void readsThePeakHeapAndCountFromAGcLog(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("gc.log");
    Files.writeString(log, String.join("\n",
        "[0.007s][info][gc] Using G1",
        "[0.512s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.456ms",
        "[1.020s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 153M->40M(256M) 7.1ms",
        "[1.500s][info][gc] GC(2) Pause Remark 60M->60M(256M) 1.2ms",
        "[2.000s][info][gc] GC(3) Concurrent Mark Cycle 12.3ms",
        ""));
    RunnerDrain.GcSummary summary = RunnerDrain.GcSummary.parse(log);
    assertThat(summary.count()).isEqualTo(3);
    assertThat(summary.peakBytes()).isEqualTo(153L << 20);
    assertThat(RunnerDrain.GcSummary.parse(dir.resolve("missing.log")).peakBytes()).isEqualTo(-1);
  }

  @Test
  void namesAnotherDatabaseInAJdbcUrl() {
    assertThat(RunnerDrain.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "x"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
    assertThat(RunnerDrain.withDatabase("jdbc:postgresql://db:5432/app?sslmode=require", "x"))
        .isEqualTo("jdbc:postgresql://db:5432/x?sslmode=require");
  }
}
