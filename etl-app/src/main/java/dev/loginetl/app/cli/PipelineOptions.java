package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.job.RunSettings;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.core.transform.EnvelopeMode;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How the pipeline runs. */
public final class PipelineOptions {
  // Null for an adaptive count: the pipeline's defaults, or up to --max-receivers.
  @Option(names = "--receivers", paramLabel = "N", defaultValue = "${env:LOGINETL_RECEIVERS}",
      description = "A fixed count of receives in parallel. Env LOGINETL_RECEIVERS; default adaptive: the runner adds "
          + "receivers while receives come back full and the rate rises, and drops them when the queue runs empty "
          + "or --max-in-flight holds them back.")
  Integer receivers;

  @Option(names = "--max-receivers", paramLabel = "N", defaultValue = "${env:LOGINETL_MAX_RECEIVERS}",
      description = "The most receivers an adaptive count reaches (it keeps at least 2, or N when N is less). "
          + "Env LOGINETL_MAX_RECEIVERS; default 32. Not with --receivers.")
  Integer maxReceivers;

  // 4: a writer commits a batch and then deletes it from the queue, one after the other, so two
  // writers would be busy all the time and bound the rate below what the queue gives.
  @Option(names = "--writers", paramLabel = "N", defaultValue = "${env:LOGINETL_WRITERS:-4}",
      description = "Batches written in parallel (one database connection each). Env LOGINETL_WRITERS; default ${DEFAULT-VALUE}.")
  int writers;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "${env:LOGINETL_BATCH_SIZE:-500}",
      description = "Most messages per database transaction. Env LOGINETL_BATCH_SIZE; default ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "100",
      description = "How long a batch waits to fill, in ms. Default ${DEFAULT-VALUE}.")
  int lingerMillis;

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "${env:LOGINETL_MAX_IN_FLIGHT:-5000}",
      description = "Most messages held between receipt and deletion; bounds memory. Default ${DEFAULT-VALUE}.")
  int maxInFlight;

  @Option(names = "--outage-limit", paramLabel = "SECONDS", defaultValue = "${env:LOGINETL_OUTAGE_LIMIT:-300}",
      description = "How long the queue or database may stay unreachable before the runner gives up (exit 1). Default ${DEFAULT-VALUE}.")
  int outageLimitSeconds;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:LOGINETL_METRICS_PORT}",
      description = "Serve /metrics (Prometheus) and /health on this port. Env LOGINETL_METRICS_PORT; default off.")
  Integer metricsPort;

  @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "${env:LOGINETL_METRICS_HOST}",
      description = "The address that --metrics-port listens on, e.g. 127.0.0.1 for this machine only. "
          + "Env LOGINETL_METRICS_HOST; default every interface, which Kubernetes probes and Prometheus need.")
  String metricsHost;

  @Option(names = "--dlq-url", paramLabel = "URL", defaultValue = "${env:LOGINETL_DLQ_URL}",
      description = "Dead-letter queue (URL or name): each rejected message is also forwarded there, body as received, "
          + "with attributes for its replay, and deleted from the queue only once that succeeded (retried up to "
          + "--outage-limit). Env LOGINETL_DLQ_URL; default none.")
  String dlqUrl;

  /** The run's settings as plain values; {@code untilEmpty} stops the pipeline once the queue is drained. */
  public RunSettings settings(boolean untilEmpty) {
    PipelineSettings pipeline = receiverCount(PipelineSettings.defaults())
        .withWriters(writers)
        .withBatchSize(batchSize)
        .withLinger(linger())
        .withMaxInFlight(maxInFlight)
        .withOutageLimit(outageLimit())
        .withStopWhenEmpty(untilEmpty);
    return new RunSettings(pipeline, envelope, checkedMetricsHost(), metricsPort, dlqUrl);
  }

  /**
   * The {@code --metrics-host} given, or null for every interface.
   *
   * @throws ConfigurationException when it is given without a port, or is no address of this machine
   */
  String checkedMetricsHost() {
    if (metricsHost == null || metricsHost.isBlank()) {
      return null;
    }
    if (metricsPort == null) {
      throw new ConfigurationException("--metrics-host (LOGINETL_METRICS_HOST) is " + metricsHost
          + " but no --metrics-port (LOGINETL_METRICS_PORT) is given: give the port too, or leave the host out");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(metricsHost);
    } catch (UnknownHostException e) {
      throw new ConfigurationException("--metrics-host " + metricsHost + " is neither an address nor a host name "
          + "this machine can resolve: give one of its addresses, such as 127.0.0.1, or leave it out for every interface");
    }
    boolean local;
    try {
      local = address.isAnyLocalAddress() || address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      local = false;
    }
    if (!local) {
      throw new ConfigurationException("--metrics-host " + metricsHost + " is not an address of this machine: give one "
          + "of its addresses, such as 127.0.0.1, or leave it out for every interface");
    }
    return metricsHost;
  }
  @Option(names = "--envelope", paramLabel = "auto|none|sns|eventbridge", defaultValue = "${env:LOGINETL_ENVELOPE:-auto}",
      converter = EnvelopeModeConverter.class,
      description = "Envelopes logins come in: auto (SNS notifications and EventBridge events, recognised by their fields; "
          + "other bodies bare), none (every body a bare login), sns, eventbridge. Env LOGINETL_ENVELOPE; default auto.")
  EnvelopeMode envelope;

  /**
   * {@code defaults} with the receiver count the options give: fixed with {@code --receivers},
   * adaptive up to {@code --max-receivers}, or as in {@code defaults}.
   *
   * @throws ConfigurationException when both are given, or either is below 1
   */
  PipelineSettings receiverCount(PipelineSettings defaults) {
    if (receivers != null && maxReceivers != null) {
      throw new ConfigurationException("--receivers fixes the receiver count and --max-receivers bounds an adaptive "
          + "one: give one of them (or one of LOGINETL_RECEIVERS and LOGINETL_MAX_RECEIVERS)");
    }
    if (receivers != null) {
      atLeastOne("--receivers", receivers);
      return defaults.withReceivers(receivers);
    }
    if (maxReceivers != null) {
      atLeastOne("--max-receivers", maxReceivers);
      return defaults.withAdaptiveReceivers(Math.min(defaults.receivers(), maxReceivers), maxReceivers);
    }
    return defaults;
  }

  private static void atLeastOne(String option, int value) {
    if (value < 1) {
      throw new ConfigurationException(option + " must be at least 1, was " + value);
    }
  }

  /** The fixed receiver count of {@code --receivers}, or null for an adaptive count. */
  public Integer receivers() {
    return receivers;
  }

  /** The bound of {@code --max-receivers} on an adaptive count, or null for the default. */
  public Integer maxReceivers() {
    return maxReceivers;
  }

  public int writers() {
    return writers;
  }

  public int batchSize() {
    return batchSize;
  }

  public Duration linger() {
    return Duration.ofMillis(lingerMillis);
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  public Duration outageLimit() {
    return Duration.ofSeconds(outageLimitSeconds);
  }

  /** The {@code --metrics-host} as given, or null for every interface. */
  public String metricsHost() {
    return metricsHost;
  }

  /** The metrics port, or null when metrics are off. */
  public Integer metricsPort() {
    return metricsPort;
  }

  /** The dead-letter queue rejected messages are forwarded to, or null. */
  public String dlqUrl() {
    return dlqUrl;
  }

  /** Which envelopes the transformer takes logins out of. */
  public EnvelopeMode envelope() {
    return envelope;
  }

  /** Reads a mode by its configuration name, failing with {@link EnvelopeMode#fromName}'s sentence. */
  static final class EnvelopeModeConverter implements ITypeConverter<EnvelopeMode> {
    @Override
    public EnvelopeMode convert(String value) {
      try {
        return EnvelopeMode.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
