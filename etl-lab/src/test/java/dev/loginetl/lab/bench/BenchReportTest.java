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
    BenchReport report = BenchReport.of(settings(), machine(), runs, Bench.median(runs), null, null, null);
    Path file = dir.resolve("sub/report.json");
    report.write(file);

    JsonNode json = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    assertThat(json.at("/settings/masking").asText()).isEqualTo("hmac");
    assertThat(json.at("/settings/receivers").asInt()).isEqualTo(2);
    assertThat(json.at("/settings/maxReceivers").asInt()).isEqualTo(32);
    assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    assertThat(json.at("/runs/0/pipeline/messagesPerSecond").asDouble()).isEqualTo(9_000);
    assertThat(json.at("/runs/0/pipeline/latency/p99Millis").asLong()).isEqualTo(200);
    assertThat(json.at("/runs/0/bareDrain/loaded").isMissingNode()).as("absent, not null").isTrue();
    assertThat(json.at("/runs/0/naive/stages/receive/calls").asLong()).isEqualTo(100);
    assertThat(json.at("/runs/0/pipeline/cpu/jvmThreadCores/pipeline").asDouble()).isEqualTo(0.3);
    assertThat(json.at("/median/pipelineToBareDrain").asDouble()).isEqualTo(0.9);
    assertThat(json.at("/median/pipelineToNaive").asDouble()).isEqualTo(30.0);
    assertThat(json.has("memory")).isFalse();
    assertThat(json.has("coldStart")).isFalse();
    assertThat(json.at("/layout").asInt()).isEqualTo(BenchReport.LAYOUT);
  }

  @Test
  void listsEveryGoalInItsOrderAndLeavesThoseNotMeasuredUnjudged(@TempDir Path dir) throws IOException {
    List<BenchReport.Run> runs = List.of(run(1, 10_000, 9_000, 300, 100));
    BenchReport.of(settings(), machine(), runs, Bench.median(runs), null, null, null).write(dir.resolve("r.json"));

    JsonNode targets = new ObjectMapper().readTree(Files.readString(dir.resolve("r.json"))).get("targets");
    List<String> names = new java.util.ArrayList<>();
    targets.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly(Targets.PIPELINE_TO_BARE_DRAIN, Targets.PIPELINE_TO_NAIVE,
        Targets.COLD_START_FIRST_COMMIT, Targets.COLD_DRAIN, Targets.MEMORY_MILLION_AT_64M,
        Targets.ISOLATED_PIPELINE_TO_BARE_DRAIN, Targets.ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU,
        Targets.ADAPTIVE_TO_BEST_FIXED_RTT0, Targets.ADAPTIVE_TO_BEST_FIXED_RTT10, Targets.ADAPTIVE_TO_BEST_FIXED_RTT30,
        Targets.FRESHNESS_P99_AT_50);
    for (JsonNode target : targets) {
      assertThat(target.has("value")).isTrue();
      assertThat(target.has("met")).isTrue();
      assertThat(target.get("target").isNumber()).isTrue();
      assertThat(target.get("comparison").asText()).isIn("<=", ">=");
      assertThat(target.get("unit").asText()).isNotBlank();
      assertThat(target.get("detail").asText()).isNotBlank();
    }
    assertThat(targets.at("/pipelineToBareDrain/value").asDouble()).isEqualTo(0.9);
    assertThat(targets.at("/pipelineToBareDrain/target").asDouble()).isEqualTo(0.85);
    assertThat(targets.at("/pipelineToBareDrain/met").asBoolean()).isTrue();
    assertThat(targets.at("/pipelineToNaive/met").asBoolean()).isTrue();
    assertThat(targets.at("/coldStartFirstCommitSeconds/value").isNull()).isTrue();
    assertThat(targets.at("/coldStartFirstCommitSeconds/met").isNull()).isTrue();
    assertThat(targets.at("/coldStartFirstCommitSeconds/target").asDouble()).isEqualTo(2.0);
    assertThat(targets.at("/coldDrainSeconds/target").asDouble()).isEqualTo(10.0);
    assertThat(targets.at("/memoryMillionAt64m/detail").asText()).contains("--runner-heap 64m --messages 1000000");
  }

  @Test
  void judgesTheColdPhasesByTheirMedians(@TempDir Path dir) throws IOException {
    BenchReport.ColdPhase start = cold("cold start", 1, coldRun(1, 1, 3.1, 1.2, 1.9), coldRun(2, 1, 2.9, 1.1, 1.7),
        coldRun(3, 1, 3.5, 1.4, 2.6));
    BenchReport.ColdPhase drain = cold("cold drain", 20_000, coldRun(1, 20_000, 9.0, 5.0, 1.5),
        coldRun(2, 20_000, 11.0, 5.5, 1.6), coldRun(3, 20_000, 10.5, 5.2, 1.4));

    BenchReport report = BenchReport.of(settings(), machine(), List.of(), null, null, start, drain);
    report.write(dir.resolve("r.json"));
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("r.json")));

    assertThat(json.at("/coldStart/median/firstCommitSeconds").asDouble()).isEqualTo(1.9);
    assertThat(json.at("/coldStart/median/cpuSeconds").asDouble()).isEqualTo(1.2);
    assertThat(json.at("/coldStart/runs/2/firstCommitJvmMillis").asLong()).isEqualTo(2500);
    assertThat(json.at("/coldDrain/median/wallSeconds").asDouble()).isEqualTo(10.5);
    assertThat(json.at("/coldDrain/median/cpuMicrosPerMessage").asDouble()).isEqualTo(260.0);
    assertThat(json.at("/coldDrain/pinning").asText()).isEqualTo("runner on CPU 1");
    assertThat(json.at("/targets/coldStartFirstCommitSeconds/value").asDouble()).isEqualTo(1.9);
    assertThat(json.at("/targets/coldStartFirstCommitSeconds/met").asBoolean()).isTrue();
    assertThat(json.at("/targets/coldDrainSeconds/value").asDouble()).isEqualTo(10.5);
    assertThat(json.at("/targets/coldDrainSeconds/met").asBoolean()).isFalse();
    assertThat(json.at("/targets/pipelineToBareDrain/met").isNull()).as("warm phases not run").isTrue();
    assertThat(json.has("median")).isFalse();
  }

  @Test
  void aColdDrainSmallerThanTheGoalsIsAFigureNotAVerdictAndAFailedOneIsMissed() {
    BenchReport.ColdPhase small = cold("cold drain", 300, coldRun(1, 300, 4.0, 2.0, 1.5));
    BenchReport.ColdRun failed = new BenchReport.ColdRun(1, 20_000, 3.0, 2.0, true, 1.5, 1400L, 1, 100, 0, 19_900);

    assertThat(Targets.of(null, null, null, small).get(Targets.COLD_DRAIN).met()).isNull();
    assertThat(Targets.of(null, null, null, small).get(Targets.COLD_DRAIN).value()).isEqualTo(4.0);
    assertThat(Targets.of(null, null, null, cold("cold drain", 20_000, failed)).get(Targets.COLD_DRAIN).met()).isFalse();
  }

  @Test
  void theMemoryGoalIsAMillionMessagesWithA64MegabyteHeapWithoutRunningOutOfMemory() {
    BenchReport.Target met = Targets.of(null, memory("64m", 1_000_000, 0, false), null, null).get(Targets.MEMORY_MILLION_AT_64M);
    BenchReport.Target outOfMemory =
        Targets.of(null, memory("64m", 1_000_000, 1, true), null, null).get(Targets.MEMORY_MILLION_AT_64M);
    BenchReport.Target smaller = Targets.of(null, memory("96m", 300, 0, false), null, null).get(Targets.MEMORY_MILLION_AT_64M);

    assertThat(met.met()).isTrue();
    assertThat(met.value()).isEqualTo(1_000_000);
    assertThat(met.detail()).contains("-Xmx64m", "exit code 0", "no OutOfMemoryError", "peak heap 41 MB");
    assertThat(outOfMemory.met()).isFalse();
    assertThat(outOfMemory.detail()).contains("OutOfMemoryError");
    assertThat(smaller.met()).isNull();
    assertThat(smaller.value()).isEqualTo(300);
    assertThat(Targets.heapBytes("64m")).isEqualTo(64L << 20);
    assertThat(Targets.heapBytes("1G")).isEqualTo(1L << 30);
  }

  private static BenchReport.Settings settings() {
    return new BenchReport.Settings(1000, 100, 0, 1, "hmac", 2, 32, 2, 500, 100, 5000, 42, "embedded ElasticMQ",
        "embedded PostgreSQL", "bench", 20_000);
  }

  private static BenchReport.Machine machine() {
    return new BenchReport.Machine(2, 1L << 30, "17", "vm", "Linux amd64", 0.1);
  }

  private static BenchReport.ColdRun coldRun(int run, long messages, double wall, double cpu, double firstCommit) {
    long accounted = messages;
    return new BenchReport.ColdRun(run, messages, wall, cpu, true, firstCommit, (long) (firstCommit * 1000) - 100, 0,
        accounted - accounted / 100, accounted / 100, 0);
  }

  private static BenchReport.ColdPhase cold(String name, long messages, BenchReport.ColdRun... runs) {
    return new BenchReport.ColdPhase(name, messages, "java -jar loginetl.jar run --until-empty", "runner on CPU 1",
        List.of(runs), ColdRuns.median(List.of(runs)));
  }

  private static BenchReport.MemoryDrain memory(String heap, long messages, int exitCode, boolean outOfMemory) {
    long stored = exitCode == 0 ? messages : messages / 2;
    return new BenchReport.MemoryDrain(heap, messages, "java -Xmx" + heap + " -jar loginetl.jar run --until-empty",
        exitCode, 100, messages / 100.0, 41L << 20, 900, exitCode == 0 ? 0 : messages - stored, stored - stored / 100,
        stored / 100, outOfMemory, 50);
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
