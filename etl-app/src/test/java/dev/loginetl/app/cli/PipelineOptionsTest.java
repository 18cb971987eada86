package dev.loginetl.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.core.pipeline.PipelineSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the receiver flags choose a fixed or an adaptive count, and what they refuse. */
class PipelineOptionsTest {

  private static PipelineSettings settings(String... args) {
    return CommandLine.populateCommand(new PipelineOptions(), args).settings(false).pipeline();
  }

  @Test
  void withoutReceiverFlagsTheCountAdaptsWithinTheDefaults() {
    assumeTrue(System.getenv("LOGINETL_RECEIVERS") == null && System.getenv("LOGINETL_MAX_RECEIVERS") == null);

    PipelineSettings settings = settings();

    assertThat(settings.adaptiveReceivers()).isTrue();
    assertThat(settings.receivers()).isEqualTo(PipelineSettings.defaults().receivers());
    assertThat(settings.maxReceivers()).isEqualTo(PipelineSettings.defaults().maxReceivers());
  }

  @Test
  void receiversFixesTheCount() {
    assumeTrue(System.getenv("LOGINETL_MAX_RECEIVERS") == null);

    PipelineSettings settings = settings("--receivers", "6");

    assertThat(settings.adaptiveReceivers()).isFalse();
    assertThat(settings.receivers()).isEqualTo(6);
    assertThat(settings.maxReceivers()).isEqualTo(6);
  }

  @Test
  void maxReceiversBoundsTheAdaptiveCount() {
    assumeTrue(System.getenv("LOGINETL_RECEIVERS") == null);

    assertThat(settings("--max-receivers", "8")).extracting(PipelineSettings::receivers, PipelineSettings::maxReceivers)
        .containsExactly(2, 8);
    assertThat(settings("--max-receivers", "1")).extracting(PipelineSettings::receivers, PipelineSettings::maxReceivers)
        .containsExactly(1, 1);
  }

  @Test
  void refusesBothFlagsAndCountsBelowOne() {
    assertThatThrownBy(() -> settings("--receivers", "4", "--max-receivers", "16"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--receivers fixes the receiver count and --max-receivers bounds an adaptive one: "
            + "give one of them (or one of LOGINETL_RECEIVERS and LOGINETL_MAX_RECEIVERS)");
    assumeTrue(System.getenv("LOGINETL_RECEIVERS") == null && System.getenv("LOGINETL_MAX_RECEIVERS") == null);
    assertThatThrownBy(() -> settings("--receivers", "0"))
        .isInstanceOf(ConfigurationException.class).hasMessage("--receivers must be at least 1, was 0");
    assertThatThrownBy(() -> settings("--max-receivers", "0"))
        .isInstanceOf(ConfigurationException.class).hasMessage("--max-receivers must be at least 1, was 0");
  }
}
