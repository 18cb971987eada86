package dev.loginetl.pii.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.daead.AesSivParameters;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.UnrevealableMaskException.Reason;
import dev.loginetl.pii.testing.Messages;
import dev.loginetl.pii.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RevealTest {
  private static final String VALUE = "198.51.100.23";

  private final PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
  private final TokenizingMasker tokens = TokenizingMasker.create(keys);
  private final String token = tokens.mask(PiiField.IP, VALUE);

  private static UnrevealableMaskException refusal(Reason reason, Executable call) {
    UnrevealableMaskException thrown =
        catchThrowableOfType(UnrevealableMaskException.class, call::execute);
    assertThat(thrown).as("expected a refusal").isNotNull();
    assertThat(thrown.reason()).isEqualTo(reason);
    Messages.assertOneSentence(thrown.getMessage());
    assertThat(thrown.getMessage()).doesNotContain(VALUE);
    assertThat(thrown.getCause()).isNull();
    return thrown;
  }

  @Test
  void revealsATokenToItsValue() {
    assertThat(tokens.reveal(PiiField.IP, token)).isEqualTo(VALUE);
  }

  @Test
  void revealsAWholeBodyOf256KiB() {
    String body = "{\"ip\": \"" + "\u00e9\ud83d\udcf1x".repeat(256 * 1024 / 4) + "\"";
    String bodyToken = tokens.mask(PiiField.BODY, body);
    assertThat(bodyToken).startsWith(tokens.primaryMaskPrefix()).hasSizeGreaterThan(256);
    assertThat(tokens.reveal(PiiField.BODY, bodyToken)).isEqualTo(body);
  }

  @Test
  void refusesToRevealAnHmacMaskBecauseHmacIsOneWay() {
    String mask = HmacMasker.create(PiiKeyset.generate(MaskingStrategy.HMAC)).mask(PiiField.IP, VALUE);
    assertThat(refusal(Reason.ONE_WAY, () -> tokens.reveal(PiiField.IP, mask)).getMessage())
        .isEqualTo("An hmac mask cannot be revealed: HMAC is one-way, so no key recovers its value;"
            + " only tokens (t1:...) made with the tokenize strategy can be.");
    assertThat(refusal(Reason.ONE_WAY, () -> tokens.rewrap(PiiField.IP, mask)).getMessage())
        .startsWith("An hmac mask cannot be rewrapped: HMAC is one-way");
  }

  @Test
  void refusesTextThatIsNotAToken() {
    String[] malformed = {
      "", "t1", "t1:", "t1:0a0b0c0d", "t1:0A0B0C0D:" + token.substring(12), "t1:0a0b0c0:x" + token.substring(12),
      "t2:" + token.substring(3), VALUE, "x1:" + token.substring(3), "t1:" + tokens.primaryKeyId() + "-" + token.substring(12),
    };
    for (String text : malformed) {
      assertThat(refusal(Reason.MALFORMED, () -> tokens.reveal(PiiField.IP, text)).getMessage())
          .as(text)
          .isEqualTo("The mask is not a token: a token looks like t1:<8 hex digits>:<base64url>.");
    }
  }

  @Test
  void refusesATokenWhoseCiphertextIsNotBase64urlOrTooShort() {
    String prefix = tokens.primaryMaskPrefix();
    for (String text : new String[] {prefix, prefix + "AAAA", token + "=", token.replace('-', '+') + "*", token + "AA"}) {
      assertThat(refusal(Reason.MALFORMED, () -> tokens.reveal(PiiField.IP, text)).getMessage())
          .as(text)
          .startsWith("The token's ciphertext is not valid base64url");
    }
  }

  @Test
  void refusesATokenFromAKeyNotInTheKeyset() {
    TokenizingMasker other = TokenizingMasker.create(PiiKeyset.generate(MaskingStrategy.TOKENIZE));
    String foreign = other.mask(PiiField.IP, VALUE);
    assertThat(refusal(Reason.UNKNOWN_KEY, () -> tokens.reveal(PiiField.IP, foreign)).getMessage())
        .isEqualTo("The token was made with key " + other.primaryKeyId() + ", which is not an"
            + " enabled key of the generated keyset: use the keyset that holds it (keys must stay"
            + " in the keyset until their tokens are rewrapped).");
    refusal(Reason.UNKNOWN_KEY, () -> tokens.rewrap(PiiField.IP, foreign));
  }

  @Test
  void refusesATokenRevealedAsAnotherField() {
    assertThat(refusal(Reason.NOT_DECRYPTABLE, () -> tokens.reveal(PiiField.DEVICE_ID, token)).getMessage())
        .isEqualTo("The token does not decrypt as a device_id value under key "
            + tokens.primaryKeyId() + ": it was made for another field, or altered.");
  }

  @Test
  void refusesAnAlteredToken() {
    char last = token.charAt(token.length() - 1);
    String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'Q' : 'A');
    refusal(Reason.NOT_DECRYPTABLE, () -> tokens.reveal(PiiField.IP, altered));
  }

  @Test
  void refusesATokenUnderAnotherKeyWithTheSameId() {
    int id = keys.keysetHandle().getPrimary().getId();
    PiiKeyset impostor = TestKeys.pii(
        TestKeys.keyset(TestKeys.sivKey(TestKeys.counting(64), AesSivParameters.Variant.TINK, id), id));
    refusal(Reason.NOT_DECRYPTABLE, () -> TokenizingMasker.create(impostor).reveal(PiiField.IP, token));
  }

  @Test
  void refusesATokenWhoseKeyWasDisabled() throws Exception {
    PiiKeyset rotated = keys.rotate();
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(rotated.keysetHandle());
    builder.getAt(0).setStatus(KeyStatus.DISABLED);
    PiiKeyset disabled = PiiKeyset.of(builder.build(), "test");
    assertThat(disabled.keyIds()).containsExactly(rotated.primaryKeyId());
    refusal(Reason.UNKNOWN_KEY, () -> TokenizingMasker.create(disabled).reveal(PiiField.IP, token));
  }

  @Test
  void rewrapReturnsATokenUnderThePrimaryKeyAsItIs() {
    assertThat(tokens.rewrap(PiiField.IP, token)).isSameAs(token);
  }

  @Test
  void rewrapStillChecksATokenUnderThePrimaryKey() {
    refusal(Reason.NOT_DECRYPTABLE, () -> tokens.rewrap(PiiField.DEVICE_ID, token));
  }

  @Test
  void rewrapMovesAnOldTokenToThePrimaryKey() {
    TokenizingMasker rotated = TokenizingMasker.create(keys.rotate());
    String rewrapped = rotated.rewrap(PiiField.IP, token);
    assertThat(rewrapped)
        .startsWith(rotated.primaryMaskPrefix())
        .isEqualTo(rotated.mask(PiiField.IP, VALUE))
        .isNotEqualTo(token);
    assertThat(rotated.reveal(PiiField.IP, rewrapped)).isEqualTo(VALUE);
  }
}
