package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiver sweep's and the freshness phase's sections of the report, and their goals. */
class SweepAndFreshnessReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ReceiverSweep.Rtt rtt(int millis, double adaptive, double best) {
    List<ReceiverSweep.Drain> fixed = List.of(new ReceiverSweep.Drain(1, 3_000, 15, 200, true),
        new ReceiverSweep.Drain(8, 20_000, 20_000 / best, best, false));
    return new ReceiverSweep.Rtt(millis, fixed, 8, best, new ReceiverSweep.Drain(4, 20_000, 20_000 / adaptive, adaptive,
        false), 4, adaptive / best);
  }

  private static ReceiverSweep.Report sweep(ReceiverSweep.Rtt... rtts) {
    return new ReceiverSweep.Report(true, ReceiverSweep.SIMULATION, 20_000, 15, List.of(1, 8),
        "./loginetl bench --sqs-rtt-ms 0,30", List.of(rtts));
  }

  private static Freshness.Report freshness(long p99At50) {
    return new Freshness.Report(4_000, "the pipeline's median msg/s in this run", 15, 2, 4, "./loginetl bench --freshness",
        List.of(new Freshness.Level(25, 1_000, 998, 15_000, new BenchReport.Latency(13_000, 60, 120, 150)),
            new Freshness.Level(50, 2_000, 1_990, 30_000, new BenchReport.Latency(26_000, 80, p99At50, p99At50 + 50)),
            new Freshness.Level(75, 3_000, 2_900, 45_000, null)));
  }

  @Test
  void judgesAdaptiveReceiversOnlyAtTheRoundTripTimesSwept() {
    var targets = Targets.of(null, null, null, null, sweep(rtt(0, 9_500, 10_000), rtt(30, 2_000, 4_000)), null);

    assertThat(targets.get(Targets.ADAPTIVE_TO_BEST_FIXED_RTT0).met()).isTrue();
    assertThat(targets.get(Targets.ADAPTIVE_TO_BEST_FIXED_RTT0).value()).isEqualTo(0.95);
    assertThat(targets.get(Targets.ADAPTIVE_TO_BEST_FIXED_RTT30).met()).isFalse();
    assertThat(targets.get(Targets.ADAPTIVE_TO_BEST_FIXED_RTT30).detail())
        .contains("simulated", "settled at 4 receivers", "--receivers 8");
    assertThat(targets.get(Targets.ADAPTIVE_TO_BEST_FIXED_RTT10).met()).isNull();
    assertThat(targets.get(Targets.ADAPTIVE_TO_BEST_FIXED_RTT10).value()).isNull();
    assertThat(targets.get(Targets.ADAPTIVE_TO_BEST_FIXED_RTT10).detail()).contains("./loginetl bench --sqs-rtt-ms 0,10,30");
  }

  @Test
  void judgesFreshnessByTheP99AtHalfTheCapacity() {
    assertThat(Targets.of(null, null, null, null, null, freshness(250)).get(Targets.FRESHNESS_P99_AT_50).met()).isTrue();
    BenchReport.Target missed = Targets.of(null, null, null, null, null, freshness(251)).get(Targets.FRESHNESS_P99_AT_50);
    assertThat(missed.met()).isFalse();
    assertThat(missed.value()).isEqualTo(251);
    assertThat(missed.detail()).contains("26,000 messages", "50% of 4,000 msg/s");
    BenchReport.Target notRun = Targets.of(null, null, null, null, null, null).get(Targets.FRESHNESS_P99_AT_50);
    assertThat(notRun.met()).isNull();
    assertThat(notRun.detail()).contains("--freshness");
  }

  @Test
  void writesBothSectionsSayingTheRoundTripIsSimulated() throws Exception {
    BenchReport report = BenchReport.of(
        new BenchReport.Settings(1000, 100, 0, 1, "hmac", 4, 4, 4, 500, 100, 5000, 42, "embedded ElasticMQ",
            "embedded PostgreSQL", "bench", 0),
        new BenchReport.Machine(2, 1L << 30, "17", "vm", "Linux amd64", 0.1), List.of(), null, null, null, null,
        sweep(rtt(10, 5_000, 5_000)), freshness(200));
    JsonNode json = JSON.readTree(report.toJson());

    assertThat(json.at("/receiverSweep/rttSimulated").asBoolean()).isTrue();
    assertThat(json.at("/receiverSweep/simulation").asText()).contains("user-space delaying proxy", "no kernel network delay");
    assertThat(json.at("/receiverSweep/rtts/0/rttMillis").asInt()).isEqualTo(10);
    assertThat(json.at("/receiverSweep/rtts/0/fixed/0/capped").asBoolean()).isTrue();
    assertThat(json.at("/receiverSweep/rtts/0/bestFixedReceivers").asInt()).isEqualTo(8);
    assertThat(json.at("/receiverSweep/rtts/0/adaptiveSettledReceivers").asInt()).isEqualTo(4);
    assertThat(json.at("/receiverSweep/rtts/0/adaptiveToBestFixed").asDouble()).isEqualTo(1.0);
    assertThat(json.at("/receiverSweep/command").asText()).startsWith("./loginetl bench");
    assertThat(json.at("/freshness/levels/1/percentOfCapacity").asInt()).isEqualTo(50);
    assertThat(json.at("/freshness/levels/1/latency/p99Millis").asLong()).isEqualTo(200);
    assertThat(json.at("/freshness/levels/2/latency").isMissingNode()).as("absent, not null").isTrue();
    assertThat(json.at("/targets/adaptiveToBestFixedRtt10/met").asBoolean()).isTrue();
    assertThat(json.at("/targets/freshnessP99At50/met").asBoolean()).isTrue();
  }
}
