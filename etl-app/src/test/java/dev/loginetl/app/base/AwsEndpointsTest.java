package dev.loginetl.app.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a client of an endpoint override signs with dummy credentials, and when with the pod's own. */
class AwsEndpointsTest {
  private static final URI LOCAL = URI.create("http://elasticmq:9324");
  private static final URI PROXY = URI.create("https://sqs-proxy.internal.example:8443");

  @Test
  void aLocalEndpointWithNoCredentialsInTheEnvironmentGetsDummyOnes() {
    assertThat(AwsEndpoints.usesLocalCredentials(LOCAL, Map.of())).isTrue();
    assertThat(AwsEndpoints.usesLocalCredentials(LOCAL, Map.of("AWS_REGION", "eu-west-1"))).isTrue();
  }

  @Test
  void aWebIdentityTokenOfIrsaIsRealCredentialsEvenForAnEndpointThatIsNotAws() {
    Map<String, String> irsa = Map.of(
        "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/loginetl",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token");
    assertThat(AwsEndpoints.usesLocalCredentials(PROXY, irsa)).isFalse();
  }

  @Test
  void everyOtherWayTheEnvironmentNamesRealCredentialsCountsToo() {
    for (String name : AwsEndpoints.CREDENTIAL_VARIABLES) {
      assertThat(AwsEndpoints.usesLocalCredentials(PROXY, Map.of(name, "set"))).as(name).isFalse();
    }
    assertThat(AwsEndpoints.usesLocalCredentials(PROXY, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", " "))).isTrue();
  }

  @Test
  void awsItselfOrNoOverrideNeverGetsDummyCredentials() {
    assertThat(AwsEndpoints.usesLocalCredentials(null, Map.of())).isFalse();
    assertThat(AwsEndpoints.usesLocalCredentials(URI.create("https://sqs.eu-west-1.amazonaws.com"), Map.of())).isFalse();
    assertThat(AwsEndpoints.usesLocalCredentials(URI.create("https://sqs.cn-north-1.amazonaws.com.cn"), Map.of())).isFalse();
  }
}
