package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.testkit.InMemoryQueue;
import dev.loginetl.testkit.InMemorySink;
import dev.loginetl.testkit.TestMasker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {
  private final PipelineSettings defaults = PipelineSettings.defaults();

  @Test
  void defaultsSuitAQueueAndADatabaseOnASmallMachine() {
    assertThat(defaults).isEqualTo(new PipelineSettings(2, 32, 4, 500, Duration.ofMillis(100), 5_000,
        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(30), false));
    assertThat(defaults.adaptiveReceivers()).isTrue();
    assertThat(defaults.initialReceivers()).isEqualTo(8);
  }

  @Test
  void aFixedCountSetsBothBoundsAndAnAdaptiveOneStartsAtEightWithinThem() {
    PipelineSettings fixed = defaults.withReceivers(6);
    assertThat(fixed.receivers()).isEqualTo(6);
    assertThat(fixed.maxReceivers()).isEqualTo(6);
    assertThat(fixed.adaptiveReceivers()).isFalse();
    assertThat(fixed.initialReceivers()).isEqualTo(6);
    assertThat(defaults.withAdaptiveReceivers(3, 3).adaptiveReceivers()).isFalse();

    PipelineSettings adaptive = fixed.withAdaptiveReceivers(1, 8);
    assertThat(adaptive.receivers()).isEqualTo(1);
    assertThat(adaptive.maxReceivers()).isEqualTo(8);
    assertThat(adaptive.adaptiveReceivers()).isTrue();
    assertThat(adaptive.initialReceivers()).isEqualTo(8);
    assertThat(defaults.withAdaptiveReceivers(1, 2).initialReceivers()).isEqualTo(2);
    assertThat(defaults.withAdaptiveReceivers(6, 9).initialReceivers()).isEqualTo(8);
    assertThat(defaults.withAdaptiveReceivers(9, 12).initialReceivers()).isEqualTo(9);
  }

  @Test
  void rejectsAMostReceiversBelowTheFewest() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withAdaptiveReceivers(4, 3))
        .withMessage("maxReceivers must be at least receivers (4), was 3");
  }

  @Test
  void eachWitherChangesOnlyItsOwnSetting() {
    assertThat(defaults.withReceivers(2).receivers()).isEqualTo(2);
    assertThat(defaults.withWriters(3).writers()).isEqualTo(3);
    assertThat(defaults.withBatchSize(7).batchSize()).isEqualTo(7);
    assertThat(defaults.withLinger(Duration.ZERO).linger()).isZero();
    assertThat(defaults.withMaxInFlight(9).maxInFlight()).isEqualTo(9);
    PipelineSettings retries = defaults.withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(2));
    assertThat(retries.initialRetryDelay()).isEqualTo(Duration.ofMillis(1));
    assertThat(retries.maxRetryDelay()).isEqualTo(Duration.ofMillis(2));
    assertThat(defaults.withOutageLimit(Duration.ofSeconds(1)).outageLimit()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.withShutdownTimeout(Duration.ofSeconds(2)).shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.withStopWhenEmpty(true).stopWhenEmpty()).isTrue();

    assertThat(defaults.withReceivers(2).withAdaptiveReceivers(2, 32)).isEqualTo(defaults);
    assertThat(PipelineSettings.defaults()).isEqualTo(defaults);
  }

  @Test
  void rejectsCountsBelowOneNamingTheSetting() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withReceivers(0))
        .withMessage("receivers must be at least 1, was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withWriters(-1))
        .withMessage("writers must be at least 1, was -1");
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBatchSize(0))
        .withMessage("batchSize must be at least 1, was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxInFlight(0))
        .withMessage("maxInFlight must be at least 1, was 0");
  }

  @Test
  void rejectsNegativeAndMissingDurations() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withLinger(Duration.ofMillis(-1)))
        .withMessage("linger must not be negative, was PT-0.001S");
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withOutageLimit(Duration.ofSeconds(-1)))
        .withMessageStartingWith("outageLimit must not be negative");
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withShutdownTimeout(Duration.ofSeconds(-1)))
        .withMessageStartingWith("shutdownTimeout must not be negative");
    assertThatNullPointerException().isThrownBy(() -> defaults.withLinger(null)).withMessage("linger");
  }

  @Test
  void rejectsALongestRetryDelayShorterThanTheFirst() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withRetryDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .withMessage("maxRetryDelay must be at least initialRetryDelay (PT2S), was PT1S");
  }

  @Test
  void theBuilderSettersChangeTheSettingsAndValidateAsTheyDo() {
    PipelineBuilder builder = Pipeline.builder(
        new InMemoryQueue(Duration.ofSeconds(30)), new InMemorySink(), new LoginTransformer(new TestMasker()));

    builder.receivers(2).writers(3).batchSize(10).linger(Duration.ZERO).maxInFlight(20)
        .retryDelays(Duration.ofMillis(1), Duration.ofMillis(2)).outageLimit(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(2)).stopWhenEmpty(true);

    assertThat(builder.settings()).isEqualTo(new PipelineSettings(2, 2, 3, 10, Duration.ZERO, 20,
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1), Duration.ofSeconds(2), true));
    assertThat(builder.settings(defaults).settings()).isSameAs(defaults);
    assertThatIllegalArgumentException().isThrownBy(() -> builder.receivers(0))
        .withMessage("receivers must be at least 1, was 0");
    assertThat(builder.settings()).isSameAs(defaults);
  }
}
