package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

/**
 * A static AWS access key pair, for endpoints such as ElasticMQ or LocalStack that need some
 * credentials but check none. Against real AWS prefer the SDK's default chain (leave the credentials
 * out of {@link SqsClientConfig}).
 *
 * <p>Both parts are secrets: {@link #toString()} prints {@code ***}.
 *
 * @param accessKeyId the access key id, not blank
 * @param secretAccessKey the secret access key, not blank
 */
public record SqsCredentials(String accessKeyId, String secretAccessKey) {

  public SqsCredentials {
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(secretAccessKey, "secretAccessKey");
    if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("AWS access key id and secret access key must not be blank");
    }
  }

  /** A fixed, meaningless key pair for local SQS-compatible servers that check no signature. */
  public static SqsCredentials local() {
    return new SqsCredentials("local", "local");
  }

  @Override
  public String toString() {
    return "***";
  }
}
