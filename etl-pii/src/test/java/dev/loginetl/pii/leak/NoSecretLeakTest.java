package dev.loginetl.pii.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.MasterKey;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.key.Secret;
import dev.loginetl.pii.mask.HmacMasker;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.pii.mask.TokenizingMasker;
import dev.loginetl.pii.testing.Messages;
import dev.loginetl.pii.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole module over known values and keys while capturing everything it could print:
 * java.util.logging (where {@code System.Logger} and Tink log by default), standard output and
 * error, every exception with its causes and stack, every {@code toString}. None of it may hold a
 * value or key material.
 */
class NoSecretLeakTest {
  private static final List<String> VALUES =
      List.of(
          "198.51.100.23",
          "2001:db8::8a2e:370:7334",
          "device-7f3c9a1e-44b2",
          "123-45-6789",
          "Zoë's iPhone \ud83d\udcf1",
          "{\"ip\": \"192.0.2.99\", broken");

  @TempDir Path dir;

  private final StringBuilder seen = new StringBuilder();
  private final List<LogRecord> records = new ArrayList<>();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;
  private Level originalLevel;
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    Logger root = Logger.getLogger("");
    originalLevel = root.getLevel();
    root.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    originalOut = System.out;
    originalErr = System.err;
    PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
  }

  @AfterEach
  void release() {
    Logger root = Logger.getLogger("");
    root.removeHandler(handler);
    root.setLevel(originalLevel);
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private void see(Object o) {
    seen.append(o).append('\n');
  }

  private void seeFailure(Executable call) {
    Throwable thrown = catchThrowable(call::execute);
    assertThat(thrown).as("expected a failure").isNotNull();
    see(thrown);
    see(Messages.printed(thrown));
  }

  @Test
  void nothingPrintedLoggedOrThrownHoldsAValueOrKeyMaterial() throws Exception {
    MasterKey master = MasterKey.generate();
    Path masterFile = dir.resolve("master.json");
    master.writeNew(masterFile);
    PiiKeyset hmacKeys = PiiKeyset.generate(MaskingStrategy.HMAC);
    PiiKeyset tokenKeys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    Path hmacFile = dir.resolve("hmac.json");
    Path tokenFile = dir.resolve("tokens.json");
    hmacKeys.writeNew(hmacFile);
    tokenKeys.writeNew(tokenFile, master);
    PiiKeyset hmacLoaded = PiiKeyset.read(hmacFile);
    PiiKeyset tokensLoaded = PiiKeyset.read(tokenFile, MasterKey.read(masterFile));
    PiiKeyset rotated = tokensLoaded.rotate();
    rotated.replace(tokenFile, master);

    Masker hmac = Maskers.create("hmac", hmacLoaded);
    TokenizingMasker oldTokens = TokenizingMasker.create(tokensLoaded);
    TokenizingMasker tokens = Maskers.revealer(PiiKeyset.read(tokenFile, master));
    TokenizingMasker stranger = TokenizingMasker.create(PiiKeyset.generate(MaskingStrategy.TOKENIZE));

    List<String> masks = new ArrayList<>();
    for (String value : VALUES) {
      for (PiiField field : PiiField.values()) {
        String mask = hmac.mask(field, value);
        String old = oldTokens.mask(field, value);
        String rewrapped = tokens.rewrap(field, old);
        assertThat(tokens.reveal(field, rewrapped)).isEqualTo(value);
        masks.add(mask);
        masks.add(rewrapped);
        PiiField other = field == PiiField.IP ? PiiField.DEVICE_ID : PiiField.IP;
        seeFailure(() -> tokens.reveal(other, old));
        seeFailure(() -> stranger.reveal(field, old));
        seeFailure(() -> tokens.reveal(field, mask));
        seeFailure(() -> tokens.rewrap(field, mask));
        seeFailure(() -> tokens.reveal(field, old.substring(0, old.length() - 2)));
        seeFailure(() -> tokens.reveal(field, value));
      }
    }
    seeFailure(() -> PiiKeyset.read(tokenFile));
    seeFailure(() -> PiiKeyset.read(tokenFile, MasterKey.generate()));
    seeFailure(() -> PiiKeyset.read(hmacFile, master));
    seeFailure(() -> MasterKey.read(hmacFile));
    seeFailure(() -> MasterKey.read(tokenFile));
    seeFailure(() -> Maskers.create("tokenize", hmacLoaded));
    seeFailure(() -> Maskers.create("hmac", tokensLoaded));
    seeFailure(() -> Maskers.revealer(hmacLoaded));
    String json = hmacKeys.toJson().expose();
    seeFailure(() -> PiiKeyset.parse(Secret.of(json.substring(0, json.length() - 9)), "LOGINETL_KEY"));
    seeFailure(() -> PiiKeyset.parse(Secret.of(json.replace("HmacPrfKey", "HmacKey")), "LOGINETL_KEY"));
    seeFailure(() -> Maskers.create(json, hmacLoaded));
    for (Object o : List.of(master, hmacKeys, tokenKeys, hmacLoaded, tokensLoaded, rotated, hmac,
        oldTokens, tokens, hmacKeys.toJson(), master.toJson(), hmacKeys.keysetHandle(),
        rotated.keysetHandle(), rotated.describe(), hmacLoaded.describe())) {
      see(o);
    }
    for (LogRecord record : records) {
      see(record.getMessage());
      see(java.util.Arrays.toString(record.getParameters()));
      if (record.getThrown() != null) {
        see(Messages.printed(record.getThrown()));
      }
    }
    see(console.toString(StandardCharsets.UTF_8));

    String everything = seen.toString();
    assertThat(everything).contains("HMAC is one-way", "not an enabled key", "TokenizingMasker[t1:");
    for (String value : VALUES) {
      assertThat(everything).doesNotContain(value);
    }
    for (String mask : masks) {
      assertThat(everything).doesNotContain(mask.substring(12));
    }
    List<byte[]> keyBytes = new ArrayList<>();
    for (PiiKeyset keys : List.of(hmacKeys, rotated)) {
      keyBytes.addAll(TestKeys.keyBytes(keys));
    }
    for (byte[] key : keyBytes) {
      for (String spelling : TestKeys.spellings(key)) {
        assertThat(everything).doesNotContain(spelling);
      }
    }
    for (String keysetJson : List.of(json, rotated.toJson().expose(), master.toJson().expose(),
        Files.readString(tokenFile))) {
      Matcher secretFields = Pattern.compile("\"(value|encryptedKeyset)\":\"([^\"]+)\"").matcher(keysetJson);
      int found = 0;
      while (secretFields.find()) {
        found++;
        assertThat(everything).doesNotContain(secretFields.group(2));
      }
      assertThat(found).isPositive();
    }
  }
}
