package dev.loginetl.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Translation of the SDK's exceptions, for the failures a test cannot provoke on this machine
 * (missing credentials, throttling, AWS error codes). The exceptions are built as the SDK builds
 * them; the ones a real endpoint produces are covered by SqsStartupErrorsIT.
 */
class SqsErrorsTest {

  private static final String ENDPOINT = "https://sqs.eu-west-1.amazonaws.com";

  private static EtlException translate(SdkException e) {
    return SqsErrors.translate(e, "receive messages from", "logins", ENDPOINT);
  }

  private static SqsException serviceError(int status, String code, String body) {
    return (SqsException) SqsException.builder()
        .statusCode(status)
        .message("server text that may echo request content: 203.0.113.9")
        .awsErrorDetails(AwsErrorDetails.builder()
            .errorCode(code)
            .errorMessage("server text that may echo request content: 203.0.113.9")
            .rawResponse(body == null ? null : SdkBytes.fromUtf8String(body))
            .build())
        .build();
  }

  @Test
  void missingCredentialsSayWhichSettingsToProvide() {
    EtlException e = translate(SdkClientException.create(
        "Unable to load credentials from any of the providers in the chain"
            + " AwsCredentialsProviderChain(...)"));

    assertThat(e).isNotInstanceOf(RetryableEtlException.class)
        .hasMessageStartingWith("No AWS credentials were found for SQS at " + ENDPOINT)
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
  }

  @Test
  void rejectedCredentialsAreFatalAndNameTheCode() {
    EtlException e = translate(serviceError(403, "InvalidClientTokenId", "{}"));

    assertThat(e).isNotInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("rejected the AWS credentials (InvalidClientTokenId, HTTP 403)");
  }

  @Test
  void accessDeniedIsFatal() {
    EtlException e = translate(serviceError(403, "AccessDenied", "{}"));

    assertThat(e).isNotInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("denied permission to receive messages from queue 'logins'");
  }

  @Test
  void throttlingAndServerErrorsAreRetryable() {
    assertThat(translate(serviceError(400, "ThrottlingException", "{}")))
        .isInstanceOf(RetryableEtlException.class).hasMessageContaining("throttled");
    assertThat(translate(serviceError(429, null, "{}")))
        .isInstanceOf(RetryableEtlException.class).hasMessageContaining("throttled");
    assertThat(translate(serviceError(503, "ServiceUnavailable", "{}")))
        .isInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("(ServiceUnavailable, HTTP 503)");
  }

  @Test
  void anHtmlErrorPageFromAProxyIsNotMistakenForTheLegacyProtocol() {
    EtlException e = translate(serviceError(502, null, "<html><body>Bad Gateway</body></html>"));

    assertThat(e).isInstanceOf(RetryableEtlException.class).hasMessageNotContaining("legacy");
  }

  @Test
  void aQueryProtocolErrorDocumentIsExplainedAsTheLegacyProtocol() {
    EtlException e = translate(serviceError(400, null,
        "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>"));

    assertThat(e).isNotInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("legacy XML query protocol");
  }

  @Test
  void connectionFailuresAreRetryableAndNameTheEndpoint() {
    assertThat(translate(SdkClientException.create("x", new ConnectException("Connection refused"))))
        .isInstanceOf(RetryableEtlException.class)
        .hasMessageStartingWith("Nothing answers at the SQS endpoint " + ENDPOINT);
    assertThat(translate(SdkClientException.create("x", new UnknownHostException("nosuch.invalid"))))
        .isInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("cannot be resolved (unknown host)");
    assertThat(translate(SdkClientException.create("x", new SocketTimeoutException("Read timed out"))))
        .isInstanceOf(RetryableEtlException.class)
        .hasMessageContaining("did not answer in time");
  }

  @Test
  void interruptionRestoresTheInterruptFlag() {
    try {
      EtlException e = translate(AbortedException.create("Thread was interrupted"));

      assertThat(e).isInstanceOf(RetryableEtlException.class).hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void serviceErrorsKeepTheCausesCodeAndStackButNeverTheServersText() {
    SqsException original = serviceError(400, "InvalidParameterValue", "{}");

    EtlException e = translate(original);

    assertThat(e.getMessage()).isEqualTo(
        "SQS refused the request to receive messages from queue 'logins'"
            + " (InvalidParameterValue, HTTP 400).");
    assertThat(e.getCause()).isInstanceOf(WithheldTextException.class)
        .hasMessageContaining(SqsException.class.getName())
        .hasMessageContaining("InvalidParameterValue, HTTP 400")
        .hasMessageNotContaining("203.0.113.9");
    assertThat(e.getCause().getStackTrace()).isEqualTo(original.getStackTrace());
  }

  @Test
  void connectionFailuresKeepTheOriginalCause() {
    SdkClientException original =
        SdkClientException.create("x", new ConnectException("Connection refused"));

    assertThat(translate(original)).hasCause(original);
  }
}
