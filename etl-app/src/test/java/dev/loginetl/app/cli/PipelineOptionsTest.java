package dev.loginetl.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.core.pipeline.PipelineSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How the receiver flags choose a fixed or an adaptive count, what the metrics address may be, and
 * what they refuse.
 */
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

  private static RunSettings run(String... args) {
    return CommandLine.populateCommand(new PipelineOptions(), args).settings(false);
  }

  @Test
  void metricsListenOnEveryInterfaceUnlessAHostIsGiven() {
    assumeTrue(System.getenv("LOGINETL_METRICS_HOST") == null);

    assertThat(run("--metrics-port", "9404").metricsHost()).isNull();
    assertThat(run("--metrics-port", "9404", "--metrics-host", "127.0.0.1").metricsHost()).isEqualTo("127.0.0.1");
    assertThat(run("--metrics-port", "9404", "--metrics-host", "localhost").metricsHost()).isEqualTo("localhost");
    assertThat(run("--metrics-port", "9404", "--metrics-host", "0.0.0.0").metricsHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void refusesAMetricsHostWithoutPortOrThatIsNotThisMachines() {
    assumeTrue(System.getenv("LOGINETL_METRICS_PORT") == null);
    assertThatThrownBy(() -> run("--metrics-host", "127.0.0.1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--metrics-host (LOGINETL_METRICS_HOST) is 127.0.0.1 but no --metrics-port (LOGINETL_METRICS_PORT) "
            + "is given: give the port too, or leave the host out");
    // 192.0.2.0/24 is reserved for documentation: no machine has an address in it.
    assertThatThrownBy(() -> run("--metrics-port", "9404", "--metrics-host", "192.0.2.1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--metrics-host 192.0.2.1 is not an address of this machine: give one of its addresses, "
            + "such as 127.0.0.1, or leave it out for every interface");
    // .invalid never resolves (RFC 2606).
    assertThatThrownBy(() -> run("--metrics-port", "9404", "--metrics-host", "metrics.invalid"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("--metrics-host metrics.invalid is neither an address nor a host name");
  }
}
