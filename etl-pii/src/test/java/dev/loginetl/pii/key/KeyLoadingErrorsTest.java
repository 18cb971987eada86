package dev.loginetl.pii.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.prf.HmacPrfParameters;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.pii.testing.Messages;
import dev.loginetl.pii.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a key can fail to load gives one sentence for the operator, of type {@link
 * PiiConfigException}, with no key material in it.
 */
class KeyLoadingErrorsTest {
  @TempDir Path dir;

  /** Strings that must not appear in any message: every spelling of every key in play. */
  private final List<String> secrets = new ArrayList<>();

  private String failure(Executable call) {
    Throwable thrown = catchThrowable(call::execute);
    Messages.assertOperatorMessage(thrown);
    String printed = Messages.printed(thrown);
    for (String secret : secrets) {
      assertThat(printed).doesNotContain(secret);
    }
    return thrown.getMessage();
  }

  private String remember(PiiKeyset keys) {
    TestKeys.keyBytes(keys).forEach(k -> secrets.addAll(List.of(TestKeys.spellings(k))));
    return keys.toJson().expose();
  }

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void missingKeyFile() {
    Path file = dir.resolve("absent.json");
    assertThat(failure(() -> PiiKeyset.read(file)))
        .isEqualTo("The key file " + file + " does not exist: check the path, or create one with"
            + " `loginetl keys generate`.");
  }

  @Test
  void keyFileThatIsADirectory() {
    assertThat(failure(() -> PiiKeyset.read(dir))).contains("is a directory");
  }

  @Test
  void emptyKeyFile() throws IOException {
    Path file = file("empty.json", "  \n");
    assertThat(failure(() -> PiiKeyset.read(file))).isEqualTo(
        "The key file " + file + " is empty: give a key file written by `loginetl keys generate`.");
  }

  @Test
  void keyThatIsNotJsonIsNotQuoted() {
    String pasted = "sk_live_9fQ2xVb7LmN3pR8s";
    secrets.add(pasted);
    assertThat(failure(() -> PiiKeyset.parse(Secret.of(pasted), "LOGINETL_KEY")))
        .isEqualTo("The key in LOGINETL_KEY is not JSON, so it is not a Tink keyset: give a key"
            + " file written by `loginetl keys generate`.");
  }

  @Test
  void truncatedKeyFile() throws IOException {
    String json = remember(PiiKeyset.generate(MaskingStrategy.TOKENIZE));
    Path file = file("cut.json", json.substring(0, json.length() / 2));
    assertThat(failure(() -> PiiKeyset.read(file))).contains("is not JSON");
  }

  @Test
  void jsonThatIsNotAKeyset() throws IOException {
    Path file = file("config.json", "{\"strategy\":\"hmac\"}");
    assertThat(failure(() -> PiiKeyset.read(file))).contains("is JSON but not a Tink keyset");
  }

  @Test
  void editedKeyset() throws IOException {
    String json = remember(PiiKeyset.generate(MaskingStrategy.TOKENIZE));
    String edited = json.replaceFirst("\"value\":\"[^\"]*\"", "\"value\":\"AAAA\"");
    assertThat(edited).isNotEqualTo(json);
    Path file = file("edited.json", edited);
    assertThat(failure(() -> PiiKeyset.read(file)))
        .isEqualTo("The key file " + file + " is not a valid Tink keyset: it may be truncated or"
            + " edited, so restore it from a backup.");
  }

  @Test
  void hmacKeyShorterThan32Bytes() throws IOException {
    byte[] bytes = TestKeys.counting(16);
    secrets.addAll(List.of(TestKeys.spellings(bytes)));
    KeysetHandle handle =
        TestKeys.keyset(TestKeys.hmacKey(bytes, HmacPrfParameters.HashType.SHA256), 7);
    Path file = file("short.json", TestKeys.json(handle));
    assertThat(failure(() -> PiiKeyset.read(file)))
        .isEqualTo("The key file " + file + " holds a 16-byte HMAC key, shorter than the 32 bytes"
            + " required: generate a new key with `loginetl keys generate --masking hmac`.");
  }

  @Test
  void hmacKeyWithAnotherHash() throws IOException {
    byte[] bytes = TestKeys.counting(64);
    secrets.addAll(List.of(TestKeys.spellings(bytes)));
    KeysetHandle handle =
        TestKeys.keyset(TestKeys.hmacKey(bytes, HmacPrfParameters.HashType.SHA512), 7);
    Path file = file("sha512.json", TestKeys.json(handle));
    assertThat(failure(() -> PiiKeyset.read(file))).contains("hash SHA512", "uses SHA256");
  }

  @Test
  void aes128SivKeyForTokenize() {
    byte[] bytes = TestKeys.counting(32);
    secrets.addAll(List.of(TestKeys.spellings(bytes)));
    String json = TestKeys.json(
        TestKeys.keyset(TestKeys.sivKey(bytes, AesSivParameters.Variant.TINK, 9), 9));
    assertThat(failure(() -> PiiKeyset.parse(Secret.of(json), "LOGINETL_KEY")))
        .isEqualTo("The key in LOGINETL_KEY holds a 32-byte AES-SIV key, but tokenize needs"
            + " AES256-SIV (64-byte keys): generate a keyset with `loginetl keys generate --masking"
            + " tokenize`.");
  }

  @Test
  void keyOfAKindThatCannotMask() throws IOException {
    MasterKey aeadKey = MasterKey.generate();
    Path file = file("aead.json", aeadKey.toJson().expose());
    assertThat(failure(() -> PiiKeyset.read(file)))
        .contains("holds a key of type AesGcmKey, which cannot mask");
  }

  @Test
  void keysetMixingStrategies() throws Exception {
    byte[] hmac = TestKeys.counting(32);
    byte[] siv = TestKeys.counting(64);
    secrets.addAll(List.of(TestKeys.spellings(hmac)));
    secrets.addAll(List.of(TestKeys.spellings(siv)));
    KeysetHandle mixed =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(
                    TestKeys.hmacKey(hmac, HmacPrfParameters.HashType.SHA256))
                .withFixedId(1)
                .makePrimary())
            .addEntry(KeysetHandle.importKey(
                    TestKeys.sivKey(siv, AesSivParameters.Variant.TINK, 2))
                .withFixedId(2))
            .build();
    assertThat(failure(() -> PiiKeyset.of(mixed, "KMS keyset")))
        .contains("The key in KMS keyset", "mixes hmac and tokenize keys").doesNotContain(". ");
  }

  @Test
  void keyOfTheWrongStrategy() {
    PiiKeyset tokenize = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    PiiKeyset hmac = PiiKeyset.generate(MaskingStrategy.HMAC);
    remember(tokenize);
    remember(hmac);
    assertThat(failure(() -> Maskers.create("hmac", tokenize)))
        .isEqualTo("The masking strategy is hmac, but the generated keyset holds tokenize"
            + " (AES256-SIV) keys: give the hmac key, or set the strategy to tokenize.");
    assertThat(failure(() -> Maskers.create("tokenize", hmac)))
        .isEqualTo("The masking strategy is tokenize, but the generated keyset holds hmac"
            + " (HMAC-SHA256) keys: give the tokenize key, or set the strategy to hmac.");
    assertThat(failure(() -> Maskers.revealer(hmac)))
        .contains("holds hmac keys, and HMAC masks are one-way");
  }

  @Test
  void unknownStrategyName() {
    PiiKeyset hmac = PiiKeyset.generate(MaskingStrategy.HMAC);
    assertThat(failure(() -> Maskers.create("sha256", hmac)))
        .isEqualTo("The masking strategy 'sha256' is unknown: set it to hmac or tokenize.");
    String pastedSecret = "EgIIAxogVBIxwHmlhwv3KOvxcFFpuDv238WsP1GyEzKJ2y1LVnk=";
    secrets.add(pastedSecret);
    assertThat(failure(() -> Maskers.create(pastedSecret, hmac)))
        .isEqualTo("The masking strategy given is unknown: set it to hmac or tokenize.");
  }

  @Test
  void encryptedKeysetWithoutMasterKey() throws IOException {
    MasterKey master = MasterKey.generate();
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    remember(keys);
    Path file = file("enc.json", keys.toJson(master).expose());
    assertThat(failure(() -> PiiKeyset.read(file)))
        .isEqualTo("The key file " + file + " is encrypted: give the master key it was encrypted with.");
  }

  @Test
  void clearKeysetWhenAMasterKeyIsGiven() throws IOException {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.HMAC);
    Path file = file("clear.json", remember(keys));
    assertThat(failure(() -> PiiKeyset.read(file, MasterKey.generate())))
        .contains("is stored in clear although a master key was given");
  }

  @Test
  void wrongMasterKey() throws IOException {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    remember(keys);
    Path file = file("enc.json", keys.toJson(MasterKey.generate()).expose());
    assertThat(failure(() -> PiiKeyset.read(file, MasterKey.generate())))
        .isEqualTo("The key file " + file + " cannot be decrypted with the given master key: give"
            + " the master key it was encrypted with (or restore the file if it was edited).");
  }

  @Test
  void missingMasterKeyFile() {
    Path file = dir.resolve("master.json");
    assertThat(failure(() -> MasterKey.read(file)))
        .isEqualTo("The master key file " + file + " does not exist: check the path, or create one"
            + " with `loginetl keys master-key --out FILE`.");
  }

  @Test
  void masterKeyThatIsAMaskingKey() throws IOException {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    Path file = file("master.json", remember(keys));
    assertThat(failure(() -> MasterKey.read(file)))
        .contains("is a Tink keyset but not an AEAD one");
  }

  @Test
  void masterKeyThatIsItselfEncrypted() throws IOException {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.HMAC);
    remember(keys);
    Path file = file("master.json", keys.toJson(MasterKey.generate()).expose());
    assertThat(failure(() -> MasterKey.read(file))).contains("is itself encrypted");
  }

  @Test
  void fileThatIsNotText() throws IOException {
    Path file = dir.resolve("binary.key");
    Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0x81});
    assertThat(failure(() -> PiiKeyset.read(file))).contains("is not text");
  }

  @Test
  void hugeFile() throws IOException {
    Path file = dir.resolve("huge.json");
    Files.write(file, new byte[(1 << 20) + 1]);
    assertThat(failure(() -> PiiKeyset.read(file))).contains("larger than 1 MiB");
  }

  @Test
  void exceptionIsAFatalEtlException() {
    Throwable thrown = catchThrowable(() -> PiiKeyset.read(dir.resolve("x")));
    assertThat(thrown).isInstanceOf(dev.loginetl.core.EtlException.class);
    assertThat(((PiiConfigException) thrown).isRetryable()).isFalse();
  }
}
