package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileSummaryTest {
  @Test
  void aSampleCountsForTheFirstFrameFromTheTopThatBelongsToAKnownLibrary() {
    assertThat(ProfileSummary.bucket(List.of("java.lang.String.charAt", "com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextToken",
        "dev.loginetl.core.transform.LoginTransformer.transform"))).isEqualTo("json");
    assertThat(ProfileSummary.bucket(List.of("sun.nio.ch.SocketDispatcher.read0", "org.apache.http.impl.io.SessionInputBufferImpl.fillBuffer",
        "software.amazon.awssdk.core.internal.http.pipeline.stages.MakeHttpRequestStage.execute"))).isEqualTo("sqs client/http");
    assertThat(ProfileSummary.bucket(List.of("com.sun.crypto.provider.HmacCore.engineUpdate", "dev.loginetl.pii.mask.HmacMasker.mask")))
        .isEqualTo("masking crypto");
    assertThat(ProfileSummary.bucket(List.of("java.util.HashMap.get", "org.postgresql.core.v3.QueryExecutorImpl.execute")))
        .isEqualTo("jdbc");
    assertThat(ProfileSummary.bucket(List.of("java.util.HashMap.get", "dev.loginetl.core.pipeline.Pipeline.run"))).isEqualTo("loginetl");
  }

  @Test
  void aStackOfNoKnownLibraryCountsForTheJdkWhenItsTopIsTheJdksAndOtherwiseForOther() {
    assertThat(ProfileSummary.bucket(List.of("java.util.concurrent.locks.LockSupport.park", "java.lang.Thread.run")))
        .isEqualTo(ProfileSummary.JDK);
    assertThat(ProfileSummary.bucket(List.of("scala.collection.immutable.List.map"))).isEqualTo(ProfileSummary.OTHER);
    assertThat(ProfileSummary.bucket(List.of())).isEqualTo(ProfileSummary.OTHER);
  }

  @Test
  void keepsTheRunnersThreadsButNotTheBenchmarksOwn() {
    assertThat(ProfileSummary.keeps("loginetl-receiver-1")).isTrue();
    assertThat(ProfileSummary.keeps("loginetl-writer-2")).isTrue();
    assertThat(ProfileSummary.keeps("loginetl-sqs-batch-3")).isTrue();
    assertThat(ProfileSummary.keeps("sdk-ScheduledExecutor-0-0")).isTrue();
    assertThat(ProfileSummary.keeps("loginetl-bench-seed-1")).isFalse();
    assertThat(ProfileSummary.keeps("elasticmq-pekko.actor.default-dispatcher-5")).isFalse();
    assertThat(ProfileSummary.keeps(null)).isFalse();
  }

  @Test
  void sharesAreOfAllSamplesAndTheTopFramesAreTheMostFrequentTopsLargestFirst() {
    ProfileSummary summary = new ProfileSummary(10);
    for (int i = 0; i < 3; i++) {
      summary.add(List.of("com.fasterxml.jackson.core.JsonParser.next", "dev.loginetl.X.parse"));
    }
    summary.add(List.of("dev.loginetl.X.run"));

    BenchReport.Profile profile = summary.summary();
    assertThat(profile.samples()).isEqualTo(4);
    assertThat(profile.periodMillis()).isEqualTo(10);
    assertThat(profile.buckets()).containsExactly(java.util.Map.entry("json", 75.0), java.util.Map.entry("loginetl", 25.0));
    assertThat(profile.topFrames()).containsExactly(new BenchReport.Frame("com.fasterxml.jackson.core.JsonParser.next", 75.0),
        new BenchReport.Frame("dev.loginetl.X.run", 25.0));
  }
}
