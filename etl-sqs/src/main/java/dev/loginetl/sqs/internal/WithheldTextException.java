package dev.loginetl.sqs.internal;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Stands in, as the cause of a translated exception, for an SDK exception whose text may echo
 * request or response content: server error messages (ElasticMQ repeats a malformed request whole,
 * message bodies included) and client-side parse errors (which quote what they could not parse).
 * It keeps the original's class, AWS error code, HTTP status, request id, the classes of its
 * causes, and its stack trace; never its text.
 */
public final class WithheldTextException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WithheldTextException(SdkException original) {
    super(describe(original), null, false, true);
    setStackTrace(original.getStackTrace());
  }

  private static String describe(SdkException original) {
    StringBuilder text = new StringBuilder(original.getClass().getName());
    if (original instanceof AwsServiceException) {
      AwsServiceException service = (AwsServiceException) original;
      String code = SqsErrors.errorCode(service);
      text.append(" (").append(code.isEmpty() ? "no error code" : code)
          .append(", HTTP ").append(service.statusCode())
          .append(", request id ").append(service.requestId()).append(')');
    }
    for (Throwable cause = original.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      text.append(", caused by ").append(cause.getClass().getName());
    }
    return text.append("; its text is withheld because it may echo message content").toString();
  }
}
