package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loginetl.app.kms.AwsKmsAead;
import dev.loginetl.app.testing.FakeKms;
import dev.loginetl.pii.key.MasterKey;
import dev.loginetl.pii.key.PiiKeyset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key files encrypted under an AWS KMS key ({@code --kms-key-arn}), through the packaged runner jar
 * as separate processes: {@code keys generate}, {@code keys rotate}, {@code run} and {@code reveal}.
 *
 * <p><b>No AWS KMS is reachable from the test machines.</b> KMS is stood in for by {@link FakeKms},
 * a JDK HTTP server on loopback that implements KMS's JSON API ({@code Encrypt}, {@code Decrypt},
 * {@code GenerateDataKey}) under keys it holds; the runner reaches it through the real AWS SDK v2
 * KMS client with {@code --kms-endpoint}. What this proves is our side of the protocol and the
 * envelope format, not AWS's behaviour beyond the documented API.
 */
class KmsKeysetIT {
  private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String OTHER = "arn:aws:kms:eu-west-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab";
  private static final int MESSAGES = 200;

  @Test
  void aKeysetUnderKmsIsGeneratedRotatedUsedByRunAndRevealedAndNeverStoredInClear(@TempDir Path dir)
      throws Exception {
    try (FakeKms kms = FakeKms.start(KEY, OTHER)) {
      String endpoint = kms.endpoint().toString();
      Path key = dir.resolve("tokenize.key");
      String generated = jar(dir, 0, "keys", "generate", "--masking", "tokenize", "--kms-key-arn", KEY,
          "--kms-endpoint", endpoint, "--out", key.toString());
      assertThat(generated).contains("encrypted under the KMS key " + KEY);
      jar(dir, 0, "keys", "rotate", "--key-file", key.toString(), "--kms-key-arn", KEY, "--kms-endpoint", endpoint);
      assertThat(kms.calls()).contains("Encrypt", "Decrypt");

      assertNoKeyMaterialInClear(key, MasterKey.kmsEnvelope(AwsKmsAead.of(KEY, kms.endpoint()), KEY), 2);

      FaultServers servers = FaultServers.shared();
      String queueUrl = Faults.queue(servers, "kms-keyset", Duration.ofSeconds(30));
      String jdbcUrl = servers.newDatabase();
      try (Ledger ledger = new Ledger(servers, queueUrl)) {
        ledger.send(Logins.mixed("kms", MESSAGES, 0, Faults.random("kms-keyset")));
        List<String> run = new ArrayList<>(Runner.run(queueUrl, jdbcUrl, key, "--until-empty", "--masking", "tokenize",
            "--kms-key-arn", KEY, "--kms-endpoint", endpoint));
        assertThat(jar(dir, 0, run.toArray(String[]::new))).contains("loaded " + MESSAGES + ", rejected 0");
        assertThat(ledger.check(jdbcUrl).rows()).isEqualTo(MESSAGES);
      }

      String revealed = jar(dir, 0, "reveal", "--key-file", key.toString(), "--kms-key-arn", KEY,
          "--kms-endpoint", endpoint, "--jdbc-url", jdbcUrl, "--db-user", "postgres", "--db-password", "",
          "--actor", "ci", "--reason", "kms test", "--from-table", "--limit", "5");
      List<String> lines = revealed.lines().filter(line -> line.split("\t").length == 3).toList();
      assertThat(lines).as(revealed).isNotEmpty()
          .allSatisfy(line -> assertThat(line.split("\t")[2]).doesNotStartWith("t1:"));

      // Another key than the file's, a KMS that fails, both kinds of master key: one sentence each.
      String wrongKey = jar(dir, 2, "keys", "rotate", "--key-file", key.toString(), "--kms-key-arn", OTHER,
          "--kms-endpoint", endpoint);
      assertOneSentence(wrongKey, "KMS refused to decrypt with " + OTHER + " (IncorrectKeyException)");
      Path master = dir.resolve("master.key");
      jar(dir, 0, "keys", "master-key", "--out", master.toString());
      String both = jar(dir, 2, "keys", "rotate", "--key-file", key.toString(), "--kms-key-arn", KEY,
          "--kms-endpoint", endpoint, "--master-key-file", master.toString());
      assertOneSentence(both, "give either --master-key-file");
      String notArn = jar(dir, 2, "keys", "rotate", "--key-file", key.toString(), "--kms-key-arn", "my-key",
          "--kms-endpoint", endpoint);
      assertOneSentence(notArn, "--kms-key-arn must be a KMS key ARN");
      kms.failWith("KMSInternalException", 500);
      String failing = jar(dir, 1, "keys", "rotate", "--key-file", key.toString(), "--kms-key-arn", KEY,
          "--kms-endpoint", endpoint);
      assertOneSentence(failing, "KMS failed to decrypt with " + KEY + " (KMSInternalException)");
    }
  }

  /** The file is an encrypted Tink keyset, and no key value of the decrypted keyset appears in it. */
  private static void assertNoKeyMaterialInClear(Path file, MasterKey master, int keys) throws Exception {
    String stored = Files.readString(file);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(stored).has("encryptedKeyset")).as("an encrypted Tink keyset").isTrue();
    assertThat(json.readTree(stored).has("key")).as("no cleartext key list").isFalse();
    JsonNode clear = json.readTree(PiiKeyset.read(file, master).toJson().expose());
    assertThat(clear.get("key")).hasSize(keys);
    for (JsonNode entry : clear.get("key")) {
      String value = entry.get("keyData").get("value").asText();
      assertThat(value).hasSizeGreaterThan(40);
      assertThat(stored).doesNotContain(value).doesNotContain(value.substring(8, 40));
    }
  }

  private static void assertOneSentence(String printed, String expected) {
    List<String> lines = printed.lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).as(printed).hasSize(1);
    assertThat(lines.get(0)).startsWith("loginetl: ").contains(expected);
    assertThat(printed).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  /** Runs the packaged jar to its end; asserts its exit code and returns what it printed. */
  private static String jar(Path dir, int exitCode, String... args) throws Exception {
    Path output = Files.createTempFile(dir, "jar", ".log");
    try (Runner runner = Runner.start(output, List.of(args))) {
      assertThat(runner.await(Duration.ofMinutes(2))).as("exit code of %s; it printed:%n%s", List.of(args).subList(0, 2),
          runner.output()).isEqualTo(exitCode);
      return runner.output();
    }
  }
}
