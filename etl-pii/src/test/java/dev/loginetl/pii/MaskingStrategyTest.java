package dev.loginetl.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.HmacMasker;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.pii.mask.TokenizingMasker;
import org.junit.jupiter.api.Test;

class MaskingStrategyTest {
  @Test
  void namesAreReadIgnoringCaseAndSurroundingBlanks() {
    assertThat(MaskingStrategy.fromName("hmac")).isEqualTo(MaskingStrategy.HMAC);
    assertThat(MaskingStrategy.fromName(" HMAC\n")).isEqualTo(MaskingStrategy.HMAC);
    assertThat(MaskingStrategy.fromName("Tokenize")).isEqualTo(MaskingStrategy.TOKENIZE);
    assertThat(MaskingStrategy.TOKENIZE.configName()).isEqualTo("tokenize");
    assertThat(MaskingStrategy.TOKENIZE).hasToString("tokenize");
  }

  @Test
  void hmacIsTheDefault() {
    assertThat(MaskingStrategy.DEFAULT).isEqualTo(MaskingStrategy.HMAC);
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.HMAC);
    assertThat(Maskers.create((String) null, keys)).isInstanceOf(HmacMasker.class);
  }

  @Test
  void eachNameBuildsItsMasker() {
    assertThat(Maskers.create("hmac", PiiKeyset.generate(MaskingStrategy.HMAC)))
        .isInstanceOf(HmacMasker.class);
    TokenizingMasker tokens = (TokenizingMasker)
        Maskers.create("tokenize", PiiKeyset.generate(MaskingStrategy.TOKENIZE));
    assertThat(tokens.reveal(PiiField.IP, tokens.mask(PiiField.IP, "192.0.2.1"))).isEqualTo("192.0.2.1");
  }

  @Test
  void emptyOrBlankNameIsUnknown() {
    assertThatThrownBy(() -> MaskingStrategy.fromName(" "))
        .isInstanceOf(PiiConfigException.class)
        .hasMessage("The masking strategy given is unknown: set it to hmac or tokenize.");
  }
}
