package dev.loginetl.sqs.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.sqs.ElasticMq;
import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.sqs.credentials.FakeAwsCredentialServices.Call;
import dev.loginetl.sqs.credentials.RecordingProxy.Signed;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQS client, built as the runner builds it without configured credentials, finds them through
 * the SDK's default chain from each source an AWS deployment uses besides static keys: a web
 * identity token (EKS IRSA), an assume-role profile, an IAM Identity Center (SSO) session profile.
 * The SDK offers the last three only when its {@code sts}, {@code sso} and {@code ssooidc} modules
 * are on the class path, and drops them from the chain silently otherwise.
 *
 * <p>Each test runs {@link CredentialChainProbe} in a JVM of its own with the environment of that
 * source (variables cannot be set inside this JVM, and the SDK caches what it resolved): STS and the
 * SSO portal are a local fake ({@link FakeAwsCredentialServices}) reached through {@code
 * AWS_ENDPOINT_URL_STS} and {@code AWS_ENDPOINT_URL_SSO}, and the SQS requests go to ElasticMQ
 * through a proxy that records how they were signed ({@link RecordingProxy}). The environment holds
 * nothing else of AWS's: no keys, an empty home directory, no instance metadata.
 */
@ExtendWith(ElasticMq.class)
class DefaultCredentialChainIT {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/loginetl-runner";

  @TempDir Path home;
  private FakeAwsCredentialServices aws;
  private RecordingProxy proxy;
  private SqsQueueAdmin admin;
  private String queueUrl;

  @BeforeEach
  void start() throws IOException {
    aws = FakeAwsCredentialServices.start();
    proxy = RecordingProxy.start(ElasticMq.endpoint());
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
    queueUrl = admin.createQueue(ElasticMq.uniqueQueueName("credentials"), Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    admin.close();
    proxy.close();
    aws.close();
  }

  @Test
  void aWebIdentityTokenIsExchangedWithStsAndItsKeySignsEverySqsRequest() throws Exception {
    Path token = Files.writeString(home.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.test-web-identity.signature");

    Probe probe = runProbe(classPath(), Map.of(
        "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
        "AWS_ROLE_ARN", ROLE_ARN,
        "AWS_ROLE_SESSION_NAME", "loginetl-it"));

    assertThat(probe.exitCode()).as(probe.output()).isZero();
    assertThat(aws.calls()).extracting(Call::action).containsOnly("AssumeRoleWithWebIdentity");
    assertThat(aws.calls().get(0).parameters())
        .containsEntry("RoleArn", ROLE_ARN)
        .containsEntry("RoleSessionName", "loginetl-it")
        .containsEntry("WebIdentityToken", Files.readString(token));
    assertSignedOnlyWith(FakeAwsCredentialServices.WEB_IDENTITY_KEY);
    assertThat(admin.depth(queueUrl).visible()).isEqualTo(1);
  }

  @Test
  void anAssumeRoleProfileAssumesTheRoleWithStsAndItsKeySignsEverySqsRequest() throws Exception {
    Files.writeString(home.resolve("config"), String.join("\n",
        "[profile base]",
        "aws_access_key_id = AKIABASEPROFILETEST1",
        "aws_secret_access_key = base-profile-secret",
        "[profile loginetl]",
        "role_arn = " + ROLE_ARN,
        "source_profile = base",
        "role_session_name = loginetl-it",
        ""));

    Probe probe = runProbe(classPath(), Map.of("AWS_PROFILE", "loginetl"));

    assertThat(probe.exitCode()).as(probe.output()).isZero();
    assertThat(aws.calls()).extracting(Call::action).containsOnly("AssumeRole");
    assertThat(aws.calls().get(0).parameters())
        .containsEntry("RoleArn", ROLE_ARN)
        .containsEntry("RoleSessionName", "loginetl-it");
    assertSignedOnlyWith(FakeAwsCredentialServices.ASSUME_ROLE_KEY);
    assertThat(admin.depth(queueUrl).visible()).isEqualTo(1);
  }

  @Test
  void anSsoSessionProfileGetsRoleCredentialsWithTheCachedTokenAndTheirKeySignsEverySqsRequest()
      throws Exception {
    Files.writeString(home.resolve("config"), String.join("\n",
        "[profile loginetl]",
        "sso_session = loginetl-sso",
        "sso_account_id = 123456789012",
        "sso_role_name = LoginetlRunner",
        "region = us-east-1",
        "[sso-session loginetl-sso]",
        "sso_start_url = https://loginetl-test.awsapps.com/start",
        "sso_region = us-east-1",
        "sso_registration_scopes = sso:account:access",
        ""));
    // What `aws sso login` leaves behind: the session's token, cached under the SHA-1 of its name.
    Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
    Files.writeString(cache.resolve(sha1("loginetl-sso") + ".json"),
        "{\"accessToken\":\"sso-access-token-test\",\"expiresAt\":\"" + Instant.now().plusSeconds(3600)
            + "\",\"region\":\"us-east-1\",\"startUrl\":\"https://loginetl-test.awsapps.com/start\"}");

    Probe probe = runProbe(classPath(), Map.of("AWS_PROFILE", "loginetl"));

    assertThat(probe.exitCode()).as(probe.output()).isZero();
    assertThat(aws.calls()).extracting(Call::action).containsOnly("GetRoleCredentials");
    assertThat(aws.calls().get(0).parameters())
        .containsEntry("account_id", "123456789012")
        .containsEntry("role_name", "LoginetlRunner")
        .containsEntry("x-amz-sso_bearer_token", "sso-access-token-test");
    assertSignedOnlyWith(FakeAwsCredentialServices.SSO_KEY);
    assertThat(admin.depth(queueUrl).visible()).isEqualTo(1);
  }

  @Test
  void controlWithoutTheStsModuleTheWebIdentityTokenIsIgnoredAndNoCredentialsAreFound() throws Exception {
    Path token = Files.writeString(home.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.test-web-identity.signature");
    List<String> withoutSts = Arrays.stream(classPath().split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().matches("sts-[0-9.]+\\.jar"))
        .toList();
    assertThat(withoutSts).as("the class path without the sts jar").hasSize(classPath().split(File.pathSeparator).length - 1);

    Probe probe = runProbe(String.join(File.pathSeparator, withoutSts), Map.of(
        "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
        "AWS_ROLE_ARN", ROLE_ARN));

    assertThat(probe.exitCode()).as(probe.output()).isEqualTo(1);
    assertThat(probe.output()).contains("No AWS credentials were found for SQS");
    assertThat(aws.calls()).isEmpty();
    assertThat(proxy.requests()).isEmpty();
    assertThat(admin.depth(queueUrl).visible()).isZero();
  }

  private void assertSignedOnlyWith(String accessKeyId) {
    // At least the send and the depth query.
    assertThat(proxy.requests()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(request -> {
      assertThat(request.accessKeyId()).isEqualTo(accessKeyId);
      assertThat(request.securityToken()).isEqualTo(FakeAwsCredentialServices.sessionToken(accessKeyId));
    });
  }

  private record Probe(int exitCode, String output) {}

  /** Runs the probe with an environment that holds no AWS setting but {@code aws}'s and the given ones. */
  private Probe runProbe(String classPath, Map<String, String> settings) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path output = home.resolve("probe.out");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classPath,
        CredentialChainProbe.class.getName(), proxy.endpoint().toString(), queueUrl)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_"));
    environment.put("HOME", home.toString());
    environment.put("AWS_CONFIG_FILE", home.resolve("config").toString());
    environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_REGION", "us-east-1");
    environment.put("AWS_ENDPOINT_URL_STS", aws.endpoint().toString());
    environment.put("AWS_ENDPOINT_URL_SSO", aws.endpoint().toString());
    environment.putAll(settings);
    Process process = builder.start();
    if (!process.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the probe did not finish within " + PROBE_TIMEOUT + ": " + Files.readString(output));
    }
    String printed = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("sent ") || line.startsWith("failed: "))
        .collect(Collectors.joining("\n"));
    return new Probe(process.exitValue(), printed.isEmpty() ? Files.readString(output) : printed);
  }

  /** This JVM's class path: the test classes, the module and its dependencies. */
  private static String classPath() {
    return System.getProperty("java.class.path");
  }

  private static String sha1(String text) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
