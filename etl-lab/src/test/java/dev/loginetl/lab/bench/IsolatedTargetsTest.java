package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.lab.bench.BenchReport.Isolation;
import dev.loginetl.lab.bench.BenchReport.Summary;
import dev.loginetl.lab.bench.BenchReport.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolatedTargetsTest {
  private static final Isolation PINNED = new Isolation(true, true, 1, "0", "isolated and pinned");
  private static final Isolation NOT_PINNED = new Isolation(true, false, null, null, "isolated, not pinned");

  private static Summary summary(double rateRatio, Double bareCpu, Double pipelineCpu) {
    return new Summary(6000, 6000 * rateRatio, 150, rateRatio, 40, 100, 200, 64L << 20, bareCpu, pipelineCpu,
        bareCpu == null || pipelineCpu == null ? null : bareCpu / pipelineCpu);
  }

  @Test
  void theIsolatedRateRatioIsJudgedOnlyWhenTheServersWereIsolatedAndPinned() {
    Summary median = summary(0.92, 150.0, 160.0);

    Target pinned = Targets.of(median, null, null, null, PINNED).get(Targets.ISOLATED_PIPELINE_TO_BARE_DRAIN);
    Target unpinned = Targets.of(median, null, null, null, NOT_PINNED).get(Targets.ISOLATED_PIPELINE_TO_BARE_DRAIN);
    Target shared = Targets.of(median, null, null, null, Isolation.SHARED).get(Targets.ISOLATED_PIPELINE_TO_BARE_DRAIN);

    assertThat(pinned.met()).isTrue();
    assertThat(pinned.value()).isEqualTo(0.92);
    assertThat(pinned.target()).isEqualTo(0.90);
    assertThat(unpinned.met()).isNull();
    assertThat(unpinned.value()).as("the figure, not a verdict").isEqualTo(0.92);
    assertThat(shared.met()).isNull();
    assertThat(shared.detail()).contains("--isolate");
    assertThat(Targets.of(summary(0.78, 150.0, 160.0), null, null, null, PINNED)
        .get(Targets.ISOLATED_PIPELINE_TO_BARE_DRAIN).met()).isFalse();
  }

  @Test
  void theCpuRatioIsJudgedWheneverTheServersRanInProcessesOfTheirOwn() {
    Target cheap = Targets.of(summary(0.9, 150.0, 160.0), null, null, null, NOT_PINNED)
        .get(Targets.ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU);
    Target dear = Targets.of(summary(0.9, 150.0, 200.0), null, null, null, PINNED)
        .get(Targets.ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU);
    Target shared = Targets.of(summary(0.9, 150.0, 160.0), null, null, null, Isolation.SHARED)
        .get(Targets.ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU);

    assertThat(cheap.met()).isTrue();
    assertThat(cheap.value()).isEqualTo(150.0 / 160.0);
    assertThat(cheap.detail()).contains("150.0 µs", "160.0 µs");
    assertThat(dear.met()).isFalse();
    assertThat(shared.met()).as("the embedded queue server's CPU is in both figures").isNull();
  }

  @Test
  void bothIsolatedGoalsAreAlwaysPresentAfterTheOthersAndUnmeasuredWithoutWarmPhases() {
    Map<String, Target> targets = Targets.of(null, null, null, null, PINNED);

    assertThat(targets.keySet()).containsSubsequence(Targets.MEMORY_MILLION_AT_64M,
        Targets.ISOLATED_PIPELINE_TO_BARE_DRAIN, Targets.ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU);
    assertThat(targets.get(Targets.ISOLATED_PIPELINE_TO_BARE_DRAIN).value()).isNull();
    assertThat(targets.get(Targets.ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU).met()).isNull();
    assertThat(targets.get(Targets.ISOLATED_BARE_DRAIN_TO_PIPELINE_CPU).detail()).startsWith("not measured").contains("--isolate");
  }
}
