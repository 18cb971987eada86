package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.lab.testing.LabCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --sqs-rtt-ms --freshness} on embedded servers, small: structure and accounting, never timings. */
class BenchSweepIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sweepsReceiversThroughTheDelayingProxyAndMeasuresFreshnessPerLoadLevel(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    LabCli.Result result = LabCli.run("bench", "--messages", "300", "--naive-messages", "30", "--warmup-messages", "0",
        "--no-cold", "--sqs-rtt-ms", "10", "--sweep-receivers", "1,2", "--sweep-messages", "300", "--sweep-seconds", "20",
        "--freshness", "--freshness-seconds", "3", "--report", report.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("Receiver sweep", "Freshness", "adaptiveToBestFixedRtt10", "freshnessP99At50");
    JsonNode json = JSON.readTree(Files.readString(report));
    JsonNode sweep = json.get("receiverSweep");
    assertThat(sweep.get("rttSimulated").asBoolean()).isTrue();
    assertThat(sweep.get("command").asText()).startsWith("./loginetl bench --").contains("--sqs-rtt-ms 10");
    JsonNode rtt = sweep.at("/rtts/0");
    assertThat(rtt.get("rttMillis").asInt()).isEqualTo(10);
    assertThat(rtt.get("fixed")).hasSize(2);
    for (JsonNode drain : rtt.get("fixed")) {
      assertThat(drain.get("messages").asLong()).isBetween(1L, 300L);
      assertThat(drain.get("capped").asBoolean()).isEqualTo(drain.get("messages").asLong() < 300);
    }
    assertThat(rtt.get("bestFixedReceivers").asInt()).isIn(1, 2);
    assertThat(rtt.at("/adaptive/messages").asLong()).isPositive();
    assertThat(json.at("/targets/adaptiveToBestFixedRtt10/value").asDouble())
        .isEqualTo(rtt.get("adaptiveToBestFixed").asDouble());
    assertThat(json.at("/targets/adaptiveToBestFixedRtt30/met").isNull()).isTrue();

    JsonNode freshness = json.get("freshness");
    assertThat(freshness.get("capacityPerSecond").asDouble()).isEqualTo(json.at("/median/pipelinePerSecond").asDouble());
    assertThat(freshness.get("levels")).hasSize(3);
    for (JsonNode level : freshness.get("levels")) {
      assertThat(level.get("sent").asLong()).as("every level sent, and all it sent was deleted").isPositive();
      if (level.has("latency")) {
        assertThat(level.at("/latency/count").asLong()).isLessThanOrEqualTo(level.get("sent").asLong());
      }
    }
    assertThat(json.at("/targets/freshnessP99At50/target").asDouble()).isEqualTo(250);
  }
}
