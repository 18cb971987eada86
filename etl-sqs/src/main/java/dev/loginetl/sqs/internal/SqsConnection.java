package dev.loginetl.sqs.internal;

import dev.loginetl.core.EtlException;
import dev.loginetl.sqs.SqsClientConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * A sync {@link SqsClient} over the Apache HTTP client, with a description of where it points for
 * error messages. Thread-safe; {@link #close()} closes the client and its connection pool and is
 * idempotent.
 *
 * @param client the SDK client
 * @param endpoint where requests go, for messages: the endpoint URI, or the AWS endpoint's region
 */
public record SqsConnection(SqsClient client, String endpoint) implements AutoCloseable {

  /** Socket reads must outlast the longest long poll (20 s) comfortably. */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(35);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration CONNECTION_ACQUISITION_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Builds a client from {@code config}, leaving to the SDK whatever the config leaves out.
   *
   * @throws EtlException when no region can be found and no endpoint is given, or the SDK refuses
   *     the configuration
   */
  public static SqsConnection open(SqsClientConfig config) {
    Region region = region(config);
    SqsClientBuilder builder =
        SqsClient.builder()
            .region(region)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(config.maxConnections())
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT)
                    .connectionAcquisitionTimeout(CONNECTION_ACQUISITION_TIMEOUT)
                    .tcpKeepAlive(true));
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    if (config.credentials() != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  config.credentials().accessKeyId(), config.credentials().secretAccessKey())));
    }
    SqsClient client;
    try {
      client = builder.build();
    } catch (SdkException e) {
      throw new EtlException(
          "The SQS client could not be built (" + e.getClass().getSimpleName()
              + "); check the SQS endpoint, region and AWS settings.", e);
    }
    String endpoint =
        client.serviceClientConfiguration().endpointOverride()
            .map(Object::toString)
            .orElse("the AWS SQS endpoint of region " + region.id());
    return new SqsConnection(client, endpoint);
  }

  private static Region region(SqsClientConfig config) {
    if (config.region() != null) {
      return Region.of(config.region());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      if (config.endpoint() != null) {
        // Local SQS-compatible servers accept any region; it only goes into the signature.
        return Region.US_EAST_1;
      }
      throw new EtlException(
          "No AWS region is configured for SQS; set AWS_REGION, a region in the AWS profile, or the"
              + " region in the SQS configuration.", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
