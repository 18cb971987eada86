package dev.loginetl.app.cli;

import dev.loginetl.app.base.AwsEndpoints;
import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsSourceConfig;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the queue is. Defaults match the exercise's LocalStack setup. */
public final class SqsOptions {
  @Option(names = "--queue-url", paramLabel = "URL|NAME",
      defaultValue = "${env:LOGINETL_QUEUE_URL:-http://localhost:4566/000000000000/login-queue}",
      description = "The queue, by URL or by name. Env LOGINETL_QUEUE_URL; default ${DEFAULT-VALUE}.")
  String queue;

  @Option(names = "--sqs-endpoint", paramLabel = "URL",
      description = "SQS endpoint. Default: the SDK's AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL; failing those, "
          + "the host of a --queue-url that is not on amazonaws.com; failing that, AWS itself.")
  URI endpoint;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "AWS region. Env AWS_REGION; default ${DEFAULT-VALUE}.")
  String region;

  @Option(names = "--wait-time", paramLabel = "SECONDS",
      description = "Long-poll wait of each receive, 0 to 20 s. Default 20, or 1 with --until-empty.")
  Integer waitSeconds;

  @Option(names = "--visibility-timeout", paramLabel = "SECONDS",
      description = "How long a received message stays hidden. Default: the queue's own setting.")
  Integer visibilitySeconds;

  /** The client settings these options name. */
  public SqsClientConfig client() {
    return AwsEndpoints.sqsClient(endpoint != null ? endpoint : derivedEndpoint(), region);
  }

  /** The source settings these options name. */
  public SqsSourceConfig source(boolean untilEmpty) {
    SqsSourceConfig config = SqsSourceConfig.of(client(), queue);
    int wait = waitSeconds != null ? waitSeconds : untilEmpty ? 1 : 20;
    if (wait < 0 || wait > 20) {
      throw new ConfigurationException("--wait-time must be from 0 to 20 seconds, was " + wait);
    }
    config = config.withWaitTime(Duration.ofSeconds(wait));
    if (visibilitySeconds != null) {
      config = config.withVisibilityTimeout(Duration.ofSeconds(visibilitySeconds));
    }
    return config;
  }

  /** The queue as given. */
  public String queue() {
    return queue;
  }

  private URI derivedEndpoint() {
    if (System.getenv("AWS_ENDPOINT_URL_SQS") != null || System.getenv("AWS_ENDPOINT_URL") != null) {
      return null; // the SDK reads these itself
    }
    if (!queue.startsWith("http://") && !queue.startsWith("https://")) {
      return null;
    }
    URI url;
    try {
      url = URI.create(queue);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--queue-url is not a valid URL: fix it, or give the queue's name instead");
    }
    if (url.getHost() == null || AwsEndpoints.isAws(url)) {
      return null;
    }
    return URI.create(url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()));
  }
}
