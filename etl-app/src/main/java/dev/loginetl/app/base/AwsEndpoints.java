package dev.loginetl.app.base;

import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import java.net.URI;
import java.util.Locale;

/**
 * The one rule for endpoint overrides of the AWS clients the runner builds (SQS, KMS): an endpoint
 * that is not AWS is a local stand-in (ElasticMQ, LocalStack, a test's fake), which checks no
 * signature but still needs one, so it gets dummy credentials unless the environment names real
 * ones. Stateless.
 */
public final class AwsEndpoints {
  private AwsEndpoints() {}

  /** Whether {@code uri}'s host is AWS's own ({@code *.amazonaws.com}, also in China). */
  public static boolean isAws(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
  }

  /** Whether a client of {@code endpoint} (null: AWS itself) signs with dummy credentials. */
  public static boolean usesLocalCredentials(URI endpoint) {
    return endpoint != null && !isAws(endpoint)
        && System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null;
  }

  /**
   * Client settings for {@code endpoint} (null: the SDK's own choice) in {@code region}; an endpoint
   * that is not AWS gets dummy credentials unless the environment names real ones.
   */
  public static SqsClientConfig sqsClient(URI endpoint, String region) {
    SqsClientConfig config = SqsClientConfig.defaults().withRegion(region);
    if (endpoint != null) {
      config = config.withEndpoint(endpoint);
      if (AwsEndpoints.usesLocalCredentials(endpoint)) {
        // A local SQS-compatible server checks no signature, but the SDK must sign with something.
        config = config.withCredentials(SqsCredentials.local());
      }
    }
    return config;
  }
}
