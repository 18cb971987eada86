package dev.loginetl.pii.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.daead.AesSivParameters;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.mask.HmacMasker;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.pii.mask.TokenizingMasker;
import dev.loginetl.pii.testing.Messages;
import dev.loginetl.pii.internal.TinkSetup;
import dev.loginetl.pii.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiiKeysetTest {
  @TempDir Path dir;

  @Test
  void generatesAnHmacKeysetOfOne32ByteKey() {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.HMAC);
    assertThat(keys.strategy()).isEqualTo(MaskingStrategy.HMAC);
    assertThat(keys.keyIds()).containsExactly(keys.primaryKeyId());
    assertThat(keys.primaryKeyId()).matches("[0-9a-f]{8}");
    assertThat(TestKeys.keyBytes(keys)).singleElement().satisfies(k -> assertThat(k).hasSize(32));
    assertThat(keys.describe()).isEqualTo("hmac keyset, 1 key, primary " + keys.primaryKeyId());
  }

  @Test
  void generatesATokenizeKeysetOfOneAes256SivKey() {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    assertThat(keys.strategy()).isEqualTo(MaskingStrategy.TOKENIZE);
    assertThat(TestKeys.keyBytes(keys)).singleElement().satisfies(k -> assertThat(k).hasSize(64));
    assertThat(keys.primaryKeyId())
        .isEqualTo(String.format("%08x", keys.keysetHandle().getPrimary().getId()));
  }

  @Test
  void generatedKeysDiffer() {
    assertThat(PiiKeyset.generate(MaskingStrategy.HMAC).primaryKeyId())
        .isNotEqualTo(PiiKeyset.generate(MaskingStrategy.HMAC).primaryKeyId());
    assertThat(TestKeys.keyBytes(PiiKeyset.generate(MaskingStrategy.TOKENIZE)).get(0))
        .isNotEqualTo(TestKeys.keyBytes(PiiKeyset.generate(MaskingStrategy.TOKENIZE)).get(0));
  }

  @Test
  void rotationAddsANewPrimaryAndKeepsTheOldKeys() {
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      PiiKeyset first = PiiKeyset.generate(strategy);
      PiiKeyset second = first.rotate();
      PiiKeyset third = second.rotate();
      assertThat(first.keyIds()).hasSize(1);
      assertThat(third.keyIds())
          .hasSize(3)
          .startsWith(first.primaryKeyId(), second.primaryKeyId())
          .endsWith(third.primaryKeyId())
          .doesNotHaveDuplicates();
      assertThat(third.describe()).isEqualTo(strategy + " keyset, 3 keys, primary " + third.primaryKeyId());
    }
  }

  @Test
  void hmacRotationMakesNewMasksWithTheNewKey() {
    PiiKeyset before = PiiKeyset.generate(MaskingStrategy.HMAC);
    PiiKeyset after = before.rotate();
    String oldMask = HmacMasker.create(before).mask(PiiField.IP, "192.0.2.1");
    String newMask = HmacMasker.create(after).mask(PiiField.IP, "192.0.2.1");
    assertThat(oldMask).startsWith("h1:" + before.primaryKeyId() + ":");
    assertThat(newMask).startsWith("h1:" + after.primaryKeyId() + ":");
    assertThat(newMask.substring(12)).isNotEqualTo(oldMask.substring(12));
  }

  @Test
  void writesAKeyFileOnlyItsOwnerCanReadAndReadsItBack() throws IOException {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.HMAC);
    Path file = dir.resolve("key.json");
    keys.writeNew(file);
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    PiiKeyset read = PiiKeyset.read(file);
    assertThat(read.keyIds()).isEqualTo(keys.keyIds());
    assertThat(read.source()).isEqualTo("key file " + file);
    assertThat(HmacMasker.create(read).mask(PiiField.DEVICE_ID, "abc-123"))
        .isEqualTo(HmacMasker.create(keys).mask(PiiField.DEVICE_ID, "abc-123"));
  }

  @Test
  void storesAKeysetEncryptedUnderTheMasterKeyAndReadsItBack() throws IOException {
    MasterKey master = MasterKey.generate();
    Path masterFile = dir.resolve("master.json");
    master.writeNew(masterFile);
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    Path file = dir.resolve("keyset.json");
    keys.writeNew(file, master);

    String stored = Files.readString(file);
    assertThat(stored).contains("encryptedKeyset");
    for (String spelling : TestKeys.spellings(TestKeys.keyBytes(keys).get(0))) {
      assertThat(stored).doesNotContain(spelling);
    }
    PiiKeyset read = PiiKeyset.read(file, MasterKey.read(masterFile));
    String token = TokenizingMasker.create(keys).mask(PiiField.IP, "192.0.2.1");
    assertThat(TokenizingMasker.create(read).reveal(PiiField.IP, token)).isEqualTo("192.0.2.1");
  }

  @Test
  void parsesAKeysetGivenAsText() {
    MasterKey master = MasterKey.generate();
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.HMAC);
    PiiKeyset clear = PiiKeyset.parse(keys.toJson(), "LOGINETL_KEY");
    PiiKeyset encrypted =
        PiiKeyset.parse(keys.toJson(master), "LOGINETL_KEY", MasterKey.parse(master.toJson(), "X"));
    assertThat(clear.source()).isEqualTo("key in LOGINETL_KEY");
    assertThat(clear.keyIds()).isEqualTo(keys.keyIds());
    assertThat(encrypted.keyIds()).isEqualTo(keys.keyIds());
  }

  @Test
  void neverOverwritesAnExistingKeyFile() throws IOException {
    Path file = dir.resolve("key.json");
    Files.writeString(file, "precious");
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> PiiKeyset.generate(MaskingStrategy.HMAC).writeNew(file));
    Messages.assertOperatorMessage(thrown);
    assertThat(thrown).hasMessageContaining("already exists");
    assertThat(Files.readString(file)).isEqualTo("precious");
  }

  @Test
  void replaceSwapsInTheRotatedKeysetAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("key.json");
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    keys.writeNew(file);
    PiiKeyset rotated = PiiKeyset.read(file).rotate();
    rotated.replace(file);
    assertThat(PiiKeyset.read(file).keyIds()).isEqualTo(rotated.keyIds()).hasSize(2);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void writingIntoAMissingDirectoryFailsWithOneSentence() {
    Path file = dir.resolve("no/such/dir/key.json");
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> PiiKeyset.generate(MaskingStrategy.HMAC).writeNew(file));
    Messages.assertOperatorMessage(thrown);
    assertThat(thrown).hasMessageContaining("directory does not exist");
  }

  @Test
  void readsTokenizeKeysetsWhateverTheirOutputPrefixType() {
    byte[] bytes = TestKeys.counting(64);
    int id = 0x0a0b0c0d;
    PiiKeyset tink = TestKeys.pii(TestKeys.keyset(TestKeys.sivKey(bytes, AesSivParameters.Variant.TINK, id), id));
    PiiKeyset raw = TestKeys.pii(TestKeys.keyset(TestKeys.sivKey(bytes, AesSivParameters.Variant.NO_PREFIX, id), id));
    String token = TokenizingMasker.create(tink).mask(PiiField.IP, "192.0.2.1");
    assertThat(TokenizingMasker.create(raw).mask(PiiField.IP, "192.0.2.1")).isEqualTo(token);
    assertThat(TokenizingMasker.create(raw).reveal(PiiField.IP, token)).isEqualTo("192.0.2.1");
  }

  @Test
  void keyHoldersPrintAsStars() {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    assertThat(keys).hasToString("***");
    assertThat(keys.toJson()).hasToString("***");
    assertThat(MasterKey.generate()).hasToString("***");
    assertThat(Secret.of("hunter2")).hasToString("***");
    assertThat(Secret.of("hunter2").expose()).isEqualTo("hunter2");
  }

  @Test
  void aKeysetFromATinkHandleIsCheckedToo() throws Exception {
    KeysetHandle aesGcm =
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, TinkSetup.configuration());
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> PiiKeyset.of(aesGcm, "KMS"));
    Messages.assertOperatorMessage(thrown);
    assertThat(thrown).hasMessageStartingWith("The key in KMS holds a key of type AesGcmKey");

    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.HMAC);
    PiiKeyset wrapped = PiiKeyset.of(keys.keysetHandle(), "KMS");
    assertThat(wrapped.keyIds()).isEqualTo(keys.keyIds());
    assertThat(wrapped.source()).isEqualTo("key in KMS");
    assertThat(keys.source()).isEqualTo("generated keyset");
    assertThat(Maskers.create("hmac", wrapped).mask(PiiField.IP, "x"))
        .isEqualTo(HmacMasker.create(keys).mask(PiiField.IP, "x"));
  }

  @Test
  void readsAKeyFileThatStartsWithAByteOrderMark() throws IOException {
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    Path file = dir.resolve("bom.json");
    Files.writeString(file, "\ufeff" + keys.toJson().expose());
    assertThat(PiiKeyset.read(file).keyIds()).isEqualTo(keys.keyIds());
  }
}
