package dev.loginetl.pii.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.key.PiiKeyset;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fixed keys, fields and values give exactly these masks. The keys are the files in {@code
 * fixtures/} (key bytes 0x00, 0x01, ...); the expected masks were computed independently with
 * Python's {@code hmac} and {@code cryptography}'s {@code AESSIV}. A change here breaks every mask
 * already stored.
 */
class MaskFormatTest {
  static PiiKeyset fixture(String name) {
    try {
      return PiiKeyset.read(Path.of(MaskFormatTest.class.getResource("/fixtures/" + name).toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private final HmacMasker hmac = HmacMasker.create(fixture("hmac-counting-key.json"));
  private final TokenizingMasker tokens =
      TokenizingMasker.create(fixture("tokenize-counting-keyset.json"));

  @Test
  void hmacMaskIsTheKeyFingerprintAndTheFieldSubkeyHmac() {
    assertThat(hmac.keyId()).isEqualTo("4c5540dd");
    assertThat(hmac.mask(PiiField.IP, "203.0.113.7"))
        .isEqualTo("h1:4c5540dd:19YvtTpGxIqGQ2rghjEXlzz94KQJpee-cdA6iI8eEIA");
    assertThat(hmac.mask(PiiField.DEVICE_ID, "203.0.113.7"))
        .isEqualTo("h1:4c5540dd:FlbU_bOIX1KKJJkzbbeSXg0V0wDseucugcFVOwXOUXQ");
    assertThat(hmac.mask(PiiField.DEVICE_ID, "émile-\ud83d\udcf1"))
        .isEqualTo("h1:4c5540dd:_-hwwP9ocs0kBQQDgM--On26YytjPzOV8Jq1cAt9QKQ");
  }

  @Test
  void tokenIsTheTinkKeyIdAndTheBareAesSivCiphertext() {
    assertThat(tokens.primaryKeyId()).isEqualTo("0a0b0c0d");
    assertThat(tokens.mask(PiiField.IP, "203.0.113.7"))
        .isEqualTo("t1:0a0b0c0d:OXtmSv-8_4ZdG-LsQUoMveggIzXiy3rqI_3U");
    assertThat(tokens.mask(PiiField.DEVICE_ID, "203.0.113.7"))
        .isEqualTo("t1:0a0b0c0d:lOnTvNKuaxYPcjxxURQkS1JSf8Z64f4jV93z");
    assertThat(tokens.mask(PiiField.DEVICE_ID, "émile-\ud83d\udcf1"))
        .isEqualTo("t1:0a0b0c0d:SJUD-vaElgQ0uBtvlZ7EZxcCSCbc_-thYVCz");
  }

  @Test
  void fixedTokensRevealToTheirValues() {
    assertThat(tokens.reveal(PiiField.IP, "t1:0a0b0c0d:OXtmSv-8_4ZdG-LsQUoMveggIzXiy3rqI_3U"))
        .isEqualTo("203.0.113.7");
    assertThat(tokens.reveal(PiiField.DEVICE_ID, "t1:0a0b0c0d:SJUD-vaElgQ0uBtvlZ7EZxcCSCbc_-thYVCz"))
        .isEqualTo("émile-\ud83d\udcf1");
  }

  @Test
  void hmacMasksAreAlways55Characters() {
    assertThat(hmac.mask(PiiField.IP, "")).hasSize(55);
    assertThat(hmac.mask(PiiField.BODY, "x".repeat(256 * 1024))).hasSize(55);
  }

  @Test
  void tokenLengthFollowsTheValueLength() {
    // 12 + ceil(4 (n + 16) / 3) characters for n UTF-8 bytes.
    assertThat(tokens.mask(PiiField.IP, "")).hasSize(12 + 22);
    assertThat(tokens.mask(PiiField.IP, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")).hasSize(94);
    assertThat(tokens.mask(PiiField.DEVICE_ID, "d".repeat(167))).hasSize(256);
    assertThat(tokens.mask(PiiField.DEVICE_ID, "d".repeat(168))).hasSize(258);
  }

  @Test
  void masksNameTheirStrategyAndKey() {
    assertThat(hmac.maskPrefix()).isEqualTo("h1:4c5540dd:");
    assertThat(tokens.primaryMaskPrefix()).isEqualTo("t1:0a0b0c0d:");
    assertThat(hmac).hasToString("HmacMasker[h1:4c5540dd]");
    assertThat(tokens).hasToString("TokenizingMasker[t1:0a0b0c0d]");
  }
}
