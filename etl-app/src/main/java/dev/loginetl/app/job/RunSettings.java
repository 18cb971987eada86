package dev.loginetl.app.job;

import static java.util.Objects.requireNonNull;

import dev.loginetl.app.geoip.IpSettings;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.core.transform.EnvelopeMode;

/**
 * What one run of the loader is configured with, as plain values: the job layer knows no command
 * line. Immutable.
 *
 * @param pipeline the pipeline's settings; {@code stopWhenEmpty} is {@code run --until-empty}
 * @param envelope which envelopes (SNS, EventBridge) bodies are unwrapped from
 * @param metricsHost the address {@code /metrics} and {@code /health} listen on; null for every
 *     interface
 * @param metricsPort the port for {@code /metrics} and {@code /health}; null when they are off
 * @param dlqUrl the dead-letter queue (URL or name) that rejected messages are forwarded to, with
 *     their attributes, before they are deleted from the source; null for none
 * @param ip the GeoIP databases and the networks of {@code masked_ip_net}
 */
public record RunSettings(PipelineSettings pipeline, EnvelopeMode envelope, String metricsHost, Integer metricsPort,
    String dlqUrl, IpSettings ip) {
  public RunSettings {
    requireNonNull(pipeline, "pipeline");
    requireNonNull(envelope, "envelope");
    requireNonNull(ip, "ip");
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new IllegalArgumentException("--metrics-port is " + metricsPort + ": it must be a TCP port, 0 to 65535");
    }
    if (metricsHost != null && metricsHost.isBlank()) {
      metricsHost = null;
    }
    if (dlqUrl != null && dlqUrl.isBlank()) {
      dlqUrl = null;
    }
  }

  /** Without GeoIP databases, default networks. */
  public RunSettings(PipelineSettings pipeline, EnvelopeMode envelope, String metricsHost, Integer metricsPort,
      String dlqUrl) {
    this(pipeline, envelope, metricsHost, metricsPort, dlqUrl, IpSettings.DEFAULT);
  }

  /** These settings with {@code pipeline} instead of theirs. */
  public RunSettings withPipeline(PipelineSettings pipeline) {
    return new RunSettings(pipeline, envelope, metricsHost, metricsPort, dlqUrl, ip);
  }

  /** These settings with {@code ip} instead of theirs. */
  public RunSettings withIp(IpSettings ip) {
    return new RunSettings(pipeline, envelope, metricsHost, metricsPort, dlqUrl, ip);
  }

  /** The given pipeline settings, envelopes recognised ({@code auto}), no metrics server, no dead-letter queue. */
  public static RunSettings of(PipelineSettings pipeline) {
    return new RunSettings(pipeline, EnvelopeMode.AUTO, null, null, null);
  }
}
