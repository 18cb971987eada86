package dev.loginetl.app.kms;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.Aead;
import dev.loginetl.app.base.AwsEndpoints;
import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.core.EtlException;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Tink's {@link Aead} over an AWS KMS key, through the AWS SDK for Java v2: {@code encrypt} is
 * KMS {@code Encrypt}, {@code decrypt} is KMS {@code Decrypt} naming the key, so a ciphertext
 * made under another key is refused by KMS itself. Associated data travels as the encryption
 * context {@code {"associatedData": hex}}, as in Tink's own {@code AwsKmsAead}. Meant to protect
 * small data keys ({@link dev.loginetl.pii.key.MasterKey#kmsEnvelope}); KMS takes at most 4 KiB.
 *
 * <p>Credentials come from the SDK's default chain; an endpoint override that is not on
 * amazonaws.com gets dummy credentials unless the environment names real ones (a local stand-in
 * checks no signature). Each call opens and closes its own client: a key file is decrypted once at
 * start-up, so nothing is kept open.
 *
 * <p>Errors are unchecked and one sentence, naming the key but no data: KMS refusing the key or the
 * ciphertext (wrong ARN, access denied, disabled key) is a {@link ConfigurationException}; KMS
 * unreachable or failing is an {@link EtlException}. Immutable and thread-safe.
 */
public final class AwsKmsAead implements Aead {
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):\\d{12}:(key|alias)/[A-Za-z0-9/_+=.@-]+");
  private static final Set<String> REFUSALS = Set.of(
      "NotFoundException", "IncorrectKeyException", "InvalidCiphertextException", "AccessDeniedException",
      "AccessDeniedExceptionException", "DisabledException", "KMSInvalidStateException", "InvalidKeyUsageException",
      "KeyUnavailableException", "UnrecognizedClientException", "InvalidSignatureException");

  private final String keyArn;
  private final Region region;
  private final URI endpoint;

  private AwsKmsAead(String keyArn, Region region, URI endpoint) {
    this.keyArn = keyArn;
    this.region = region;
    this.endpoint = endpoint;
  }

  /**
   * The KMS key {@code keyArn}, reached in its own region or at {@code endpoint}.
   *
   * @param endpoint an endpoint override, e.g. a VPC endpoint or a test stand-in; null for AWS's own
   *     (the SDK still honours {@code AWS_ENDPOINT_URL_KMS})
   * @throws ConfigurationException when {@code keyArn} is not a KMS key or alias ARN
   */
  public static AwsKmsAead of(String keyArn, URI endpoint) {
    requireNonNull(keyArn, "keyArn");
    Matcher matcher = ARN.matcher(keyArn.strip());
    if (!matcher.matches()) {
      throw new ConfigurationException("--kms-key-arn must be a KMS key ARN such as"
          + " arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (or an alias ARN)");
    }
    return new AwsKmsAead(keyArn.strip(), Region.of(matcher.group(1)), endpoint);
  }

  /** The key's ARN, as given. */
  public String keyArn() {
    return keyArn;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    try (KmsClient kms = client()) {
      return kms.encrypt(request -> request.keyId(keyArn)
              .plaintext(SdkBytes.fromByteArray(plaintext))
              .encryptionContext(context(associatedData)))
          .ciphertextBlob().asByteArray();
    } catch (KmsException e) {
      throw translate(e, "encrypt");
    } catch (SdkClientException e) {
      throw unreachable(e);
    }
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
    DecryptResponse response;
    try (KmsClient kms = client()) {
      response = kms.decrypt(request -> request.keyId(keyArn)
          .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
          .encryptionContext(context(associatedData)));
    } catch (KmsException e) {
      throw translate(e, "decrypt");
    } catch (SdkClientException e) {
      throw unreachable(e);
    }
    if (keyArn.contains(":key/") && !keyArn.equals(response.keyId())) {
      throw new ConfigurationException("KMS decrypted the key file with another key than " + keyArn
          + ": give the ARN of the key it was encrypted under");
    }
    return response.plaintext().asByteArray();
  }

  private KmsClient client() {
    KmsClientBuilder builder = KmsClient.builder()
        .region(region)
        .credentialsProvider(credentials())
        .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentials() {
    if (AwsEndpoints.usesLocalCredentials(endpoint)) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static Map<String, String> context(byte[] associatedData) {
    return associatedData == null || associatedData.length == 0
        ? Map.of()
        : Map.of("associatedData", HexFormat.of().formatHex(associatedData));
  }

  private RuntimeException translate(KmsException e, String action) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String named = code == null ? "HTTP " + e.statusCode() : code;
    if (code != null && REFUSALS.contains(code)) {
      return new ConfigurationException("KMS refused to " + action + " with " + keyArn + " (" + named
          + "): give the ARN of the key the key file was encrypted under, and make sure these credentials may use it");
    }
    return new EtlException("KMS failed to " + action + " with " + keyArn + " (" + named
        + "): try again, or check the key's state in KMS", e);
  }

  private RuntimeException unreachable(SdkClientException e) {
    return new EtlException("KMS could not be reached for " + keyArn + " ("
        + (endpoint == null ? "region " + region : endpoint) + "): check the network, the endpoint and the credentials", e);
  }

  /** The key's ARN; nothing secret. */
  @Override
  public String toString() {
    return "AwsKmsAead[" + keyArn + "]";
  }
}
