package dev.loginetl.sqs.internal;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Translates the AWS SDK's exceptions into loginetl's, once, at the adapter boundary, and sorts the
 * error codes of failed batch entries.
 *
 * <p>Every message is one sentence naming the cause and, where there is one, the fix. It carries
 * the operation, queue name, endpoint, AWS error code and HTTP status, and never the text of the
 * SDK's or the server's message. The original stays as the cause when its text cannot hold message
 * content (connection failures, missing credentials or region); otherwise the cause is a {@link
 * WithheldTextException} with the original's class, code, status and stack trace but not its
 * text, because servers and parsers quote what they were sent (ElasticMQ repeats a malformed
 * request whole, message bodies included).
 */
public final class SqsErrors {

  private static final String ENDPOINT_SETTINGS =
      "the configured SQS endpoint, AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL";

  private static final Set<String> QUEUE_MISSING_CODES =
      Set.of("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NonExistentQueue");

  private static final Set<String> BATCH_TOO_LONG_CODES =
      Set.of("AWS.SimpleQueueService.BatchRequestTooLong", "BatchRequestTooLong");

  private static final Set<String> QUEUE_EXISTS_CODES =
      Set.of("QueueAlreadyExists", "QueueNameExists", "AWS.SimpleQueueService.QueueNameExists");

  private static final Set<String> QUEUE_DELETED_RECENTLY_CODES =
      Set.of("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently");

  private static final Set<String> BAD_CREDENTIAL_CODES =
      Set.of(
          "InvalidClientTokenId",
          "UnrecognizedClientException",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "InvalidSignatureException",
          "MissingAuthenticationToken",
          "MissingAuthenticationTokenException",
          "InvalidAccessKeyId",
          "InvalidSecurity",
          "ExpiredToken",
          "ExpiredTokenException",
          "RequestExpired");

  private static final Set<String> ACCESS_DENIED_CODES =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "KMS.AccessDeniedException");

  /** See {@link #isStaleReceiptHandle}. */
  private static final Set<String> STALE_HANDLE_CODES =
      Set.of(
          "ReceiptHandleIsInvalid",
          "AWS.SimpleQueueService.ReceiptHandleIsInvalid",
          "InvalidParameterValue",
          "MessageNotInflight",
          "AWS.SimpleQueueService.MessageNotInflight",
          "InvalidIdFormat");

  private SqsErrors() {}

  /**
   * The loginetl exception for {@code e}, thrown while trying to {@code operation} (a verb phrase,
   * such as "receive messages from") the queue {@code queue} at {@code endpoint}. Restores the
   * thread's interrupt flag when the SDK call was interrupted.
   *
   * @param queue the queue's name, or {@code null} when the call concerns no queue
   */
  public static EtlException translate(
      SdkException e, String operation, String queue, String endpoint) {
    String target = queue == null ? "" : " queue '" + queue + "'";
    if (e instanceof AbortedException || hasCause(e, InterruptedException.class)) {
      Thread.currentThread().interrupt();
      return new RetryableEtlException(
          "The SQS request to " + operation + target + " was interrupted.", e);
    }
    if (e instanceof AwsServiceException) {
      return translateService((AwsServiceException) e, operation, target, endpoint);
    }
    if (e instanceof SdkClientException) {
      return translateClient((SdkClientException) e, operation, target, endpoint);
    }
    return new EtlException(
        "The SQS request to " + operation + target + " failed (" + e.getClass().getSimpleName()
            + ").", withheld(e));
  }

  private static EtlException translateService(
      AwsServiceException e, String operation, String target, String endpoint) {
    String code = errorCode(e);
    int status = e.statusCode();
    String detail = " (" + (code.isEmpty() ? "no error code" : code) + ", HTTP " + status + ")";
    if (speaksOnlyLegacyQueryProtocol(e)) {
      return new EtlException(
          "The SQS endpoint " + endpoint + " answered in SQS's legacy XML query protocol, which this"
              + " AWS SDK no longer speaks (LocalStack older than 3.0 does this); upgrade LocalStack"
              + " to 3.0 or later, or use ElasticMQ.", withheld(e));
    }
    if (e instanceof QueueDoesNotExistException || QUEUE_MISSING_CODES.contains(code)) {
      return new EtlException(
          "The SQS" + target + " does not exist at " + endpoint
              + "; create it, or fix the queue name or URL.", withheld(e));
    }
    if (QUEUE_EXISTS_CODES.contains(code)) {
      return new EtlException(
          "The SQS" + target + " already exists at " + endpoint + " with other attributes; delete"
              + " it, or create it with the attributes it has.", withheld(e));
    }
    if (QUEUE_DELETED_RECENTLY_CODES.contains(code)) {
      return new RetryableEtlException(
          "The SQS" + target + " was deleted less than 60 seconds ago; wait a minute before"
              + " creating it again.", withheld(e));
    }
    if (BAD_CREDENTIAL_CODES.contains(code)) {
      return new EtlException(
          "SQS at " + endpoint + " rejected the AWS credentials" + detail + "; check"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), AWS_PROFILE,"
              + " or the role the process runs with.", withheld(e));
    }
    if (ACCESS_DENIED_CODES.contains(code) || status == 403) {
      return new EtlException(
          "SQS denied permission to " + operation + target + detail + "; grant these credentials"
              + " the SQS permissions loginetl needs on that queue.", withheld(e));
    }
    if (e.isThrottlingException() || status == 429 || code.contains("Throttl")) {
      return new RetryableEtlException(
          "SQS throttled the request to " + operation + target + detail
              + "; it is safe to retry later.", withheld(e));
    }
    if (status >= 500) {
      return new RetryableEtlException(
          "SQS at " + endpoint + " failed the request to " + operation + target + detail
              + "; it is safe to retry later.", withheld(e));
    }
    return new EtlException(
        "SQS refused the request to " + operation + target + detail + ".", withheld(e));
  }

  private static EtlException translateClient(
      SdkClientException e, String operation, String target, String endpoint) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Unable to load credentials")) {
      return new EtlException(
          "No AWS credentials were found for SQS at " + endpoint + "; set AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN,"
              + " or run with an IAM role.", e);
    }
    if (message.startsWith("Unable to load region")) {
      return new EtlException(
          "No AWS region is configured for SQS; set AWS_REGION, a region in the AWS profile, or the"
              + " region in the SQS configuration.", e);
    }
    if (hasCause(e, UnknownHostException.class)) {
      return new RetryableEtlException(
          "The host of the SQS endpoint " + endpoint + " cannot be resolved (unknown host); fix "
              + ENDPOINT_SETTINGS + ", or the DNS settings.", e);
    }
    if (hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)) {
      return new RetryableEtlException(
          "Nothing answers at the SQS endpoint " + endpoint + " (connection refused); start the"
              + " SQS server, or fix " + ENDPOINT_SETTINGS + ".", e);
    }
    if (e instanceof ApiCallTimeoutException
        || e instanceof ApiCallAttemptTimeoutException
        || hasCause(e, SocketTimeoutException.class)
        || hasCause(e, InterruptedIOException.class)) {
      return new RetryableEtlException(
          "The SQS endpoint " + endpoint + " did not answer in time while trying to " + operation
              + target + "; check that the server is up and reachable, and " + ENDPOINT_SETTINGS
              + ".", e);
    }
    if (hasCause(e, SSLException.class)) {
      return new EtlException(
          "The TLS handshake with the SQS endpoint " + endpoint + " failed; check "
              + ENDPOINT_SETTINGS + " (http or https) and the trusted certificates.", e);
    }
    if (hasCause(e, IOException.class)) {
      return new RetryableEtlException(
          "The connection to the SQS endpoint " + endpoint + " failed while trying to " + operation
              + target + " (" + rootCause(e).getClass().getSimpleName()
              + "); it is safe to retry.", e);
    }
    return new EtlException(
        "The SQS client failed to " + operation + target + " at " + endpoint + " ("
            + e.getClass().getSimpleName() + ").", withheld(e));
  }

  /**
   * The cause to keep for {@code e}: a stand-in without its text, since that may quote request or
   * response content (ElasticMQ repeats a malformed request, bodies included, in its message).
   */
  private static Throwable withheld(SdkException e) {
    return new WithheldTextException(e);
  }

  /**
   * Whether the server refused this one operation as such (unknown, unsupported, not allowed here,
   * or not permitted to these credentials: HTTP 4xx), as opposed to an outage, throttling, bad
   * credentials or a missing queue, which would fail any other operation as well. For choosing
   * another way to do the same thing.
   */
  public static boolean refusesOperation(AwsServiceException e) {
    String code = errorCode(e);
    int status = e.statusCode();
    return status >= 400 && status < 500 && status != 429
        && !e.isThrottlingException() && !code.contains("Throttl")
        && !BAD_CREDENTIAL_CODES.contains(code)
        && !(e instanceof QueueDoesNotExistException) && !QUEUE_MISSING_CODES.contains(code)
        && !speaksOnlyLegacyQueryProtocol(e);
  }

  /** The AWS error code, or an empty string when the response carried none. */
  public static String errorCode(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    return code == null ? "" : code;
  }

  /**
   * Whether SQS refused a whole batch because its messages, attributes included, add up to more
   * than its size limit: one message is then too large when it is sent alone.
   */
  public static boolean isBatchTooLong(AwsServiceException e) {
    return BATCH_TOO_LONG_CODES.contains(errorCode(e));
  }

  /** A failed batch entry's error code, or {@code "no error code"} when the server gave none. */
  public static String codeOf(BatchResultErrorEntry error) {
    return error.code() == null ? "no error code" : error.code();
  }

  /**
   * Whether a batch entry error code says that the entry's receipt handle no longer designates a
   * current delivery (the message was delivered again, or is already deleted): re-sending cannot
   * help, and the message is either gone or will come back.
   */
  public static boolean isStaleReceiptHandle(String code) {
    return STALE_HANDLE_CODES.contains(code);
  }

  /**
   * Whether the server answered the JSON-protocol request with a query-protocol XML error document,
   * as SQS servers that predate the JSON protocol do (LocalStack before 3.0 answers HTTP 500 with an
   * {@code <ErrorResponse>}). An HTML error page from a proxy does not count.
   */
  static boolean speaksOnlyLegacyQueryProtocol(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    if (details == null || details.rawResponse() == null) {
      return false;
    }
    SdkBytes raw = details.rawResponse();
    byte[] bytes = raw.asByteArrayUnsafe();
    String start =
        new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.UTF_8)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return start.startsWith("<?xml") && start.contains("<errorresponse")
        || start.startsWith("<errorresponse");
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
