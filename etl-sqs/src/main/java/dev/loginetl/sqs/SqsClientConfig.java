package dev.loginetl.sqs;

import java.net.URI;
import java.util.Locale;

/**
 * How to reach SQS: endpoint, region, credentials and connection pool size.
 *
 * <p>Every optional field left {@code null} is resolved the way the AWS SDK for Java v2 does by
 * itself: the endpoint from {@code AWS_ENDPOINT_URL_SQS} or {@code AWS_ENDPOINT_URL} (else the
 * region's AWS endpoint), the region from {@code AWS_REGION} or the AWS profile, the credentials
 * from the SDK's default chain: system properties, environment, a web identity token ({@code
 * AWS_WEB_IDENTITY_TOKEN_FILE} and {@code AWS_ROLE_ARN}, as EKS sets them for a service account),
 * the profile (static keys, {@code role_arn} to assume a role, or IAM Identity Center's {@code
 * sso_session} after {@code aws sso login}), the container's or the instance's role. This module
 * ships the SDK's {@code sts}, {@code sso} and {@code ssooidc} modules, without which the chain
 * would skip the token and those profiles without a word. When an endpoint is given but no region can be found anywhere, {@code us-east-1} is used,
 * since local servers accept any region. This module reads no environment variable itself.
 *
 * @param endpoint the SQS endpoint, such as {@code http://127.0.0.1:9324}; {@code null} for the
 *     SDK's own resolution
 * @param region the AWS region name, such as {@code eu-west-1}; {@code null} for the SDK's own
 *     resolution
 * @param credentials a static key pair; {@code null} for the SDK's default credential chain
 * @param maxConnections the size of the HTTP connection pool; it bounds how many requests (long
 *     polls included) run at once, so give it at least the number of receiving threads plus the
 *     number acknowledging at once
 */
public record SqsClientConfig(
    URI endpoint, String region, SqsCredentials credentials, int maxConnections) {

  /** Enough for 16 long-polling receivers plus as many acknowledging and extending threads. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public SqsClientConfig {
    if (endpoint != null) {
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
        throw new IllegalArgumentException(
            "SQS endpoint must be an absolute http or https URI with a host, was " + endpoint);
      }
    }
    if (region != null && region.isBlank()) {
      throw new IllegalArgumentException("AWS region must not be blank when given");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
    }
  }

  /** Everything from the SDK's standard environment, with the default pool size. */
  public static SqsClientConfig defaults() {
    return new SqsClientConfig(null, null, null, DEFAULT_MAX_CONNECTIONS);
  }

  public SqsClientConfig withEndpoint(URI newEndpoint) {
    return new SqsClientConfig(newEndpoint, region, credentials, maxConnections);
  }

  public SqsClientConfig withRegion(String newRegion) {
    return new SqsClientConfig(endpoint, newRegion, credentials, maxConnections);
  }

  public SqsClientConfig withCredentials(SqsCredentials newCredentials) {
    return new SqsClientConfig(endpoint, region, newCredentials, maxConnections);
  }

  public SqsClientConfig withMaxConnections(int newMaxConnections) {
    return new SqsClientConfig(endpoint, region, credentials, newMaxConnections);
  }
}
