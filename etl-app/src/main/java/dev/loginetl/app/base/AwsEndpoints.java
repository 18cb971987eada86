package dev.loginetl.app.base;

import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule for endpoint overrides of the AWS clients the runner builds (SQS, KMS): an endpoint
 * that is not AWS is taken for a local stand-in (ElasticMQ, LocalStack, a test's fake), which checks
 * no signature but still needs one, so it gets dummy credentials unless the environment names real
 * ones: keys, a profile, a web identity token (IRSA), or a container credentials endpoint (ECS task
 * role, EKS Pod Identity). A pod with real credentials that reaches SQS through an endpoint of its
 * own (a proxy, a gateway) therefore signs with them. Stateless.
 */
public final class AwsEndpoints {
  /**
   * The environment variables through which the SDK's default chain finds real credentials; any of
   * them set means the pod has some.
   */
  public static final List<String> CREDENTIAL_VARIABLES = List.of(
      "AWS_ACCESS_KEY_ID",
      "AWS_PROFILE",
      "AWS_WEB_IDENTITY_TOKEN_FILE",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

  private AwsEndpoints() {}

  /** Whether {@code uri}'s host is AWS's own ({@code *.amazonaws.com}, also in China). */
  public static boolean isAws(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
  }

  /** Whether a client of {@code endpoint} (null: AWS itself) signs with dummy credentials, in this process. */
  public static boolean usesLocalCredentials(URI endpoint) {
    return usesLocalCredentials(endpoint, System.getenv());
  }

  /**
   * Whether a client of {@code endpoint} (null: AWS itself) signs with dummy credentials, in the
   * environment {@code env}.
   */
  public static boolean usesLocalCredentials(URI endpoint, Map<String, String> env) {
    return endpoint != null && !isAws(endpoint)
        && CREDENTIAL_VARIABLES.stream().noneMatch(name -> env.get(name) != null && !env.get(name).isBlank());
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
