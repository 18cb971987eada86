package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.kms.AwsKmsAead;
import dev.loginetl.pii.key.MasterKey;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What encrypts the key file, if anything: a master-key file, or an AWS KMS key (Tink's KMS envelope
 * encryption). The two are mutually exclusive.
 */
public final class MasterKeyOptions {
  @Option(names = "--master-key-file", paramLabel = "FILE", defaultValue = "${env:LOGINETL_MASTER_KEY_FILE}",
      description = "Master key (from `loginetl keys master-key`) that encrypts the key file. Env LOGINETL_MASTER_KEY_FILE.")
  Path masterKeyFile;

  @Option(names = "--kms-key-arn", paramLabel = "ARN", defaultValue = "${env:LOGINETL_KMS_KEY_ARN}",
      description = "AWS KMS key that encrypts the key file (envelope encryption), instead of a master-key file."
          + " Env LOGINETL_KMS_KEY_ARN.")
  String kmsKeyArn;

  @Option(names = "--kms-endpoint", paramLabel = "URL", defaultValue = "${env:AWS_ENDPOINT_URL_KMS}",
      description = "KMS endpoint override, e.g. a VPC endpoint. Env AWS_ENDPOINT_URL_KMS; default: the key's region.")
  URI kmsEndpoint;

  /**
   * The master key given, or null when the key file is in clear.
   *
   * @throws ConfigurationException when both a master-key file and a KMS key are given
   */
  public MasterKey masterKey() {
    boolean kms = kmsKeyArn != null && !kmsKeyArn.isBlank();
    if (kms && masterKeyFile != null) {
      throw new ConfigurationException("give either --master-key-file (LOGINETL_MASTER_KEY_FILE) or --kms-key-arn"
          + " (LOGINETL_KMS_KEY_ARN), not both: a key file is encrypted under one of them");
    }
    if (kms) {
      AwsKmsAead aead = AwsKmsAead.of(kmsKeyArn, kmsEndpoint);
      return MasterKey.kmsEnvelope(aead, aead.keyArn());
    }
    return masterKeyFile == null ? null : MasterKey.read(masterKeyFile);
  }

  /** How a message names what encrypts the key, or null when nothing does. */
  public String describe() {
    if (kmsKeyArn != null && !kmsKeyArn.isBlank()) {
      return "the KMS key " + kmsKeyArn.strip();
    }
    return masterKeyFile == null ? null : masterKeyFile.toString();
  }
}
