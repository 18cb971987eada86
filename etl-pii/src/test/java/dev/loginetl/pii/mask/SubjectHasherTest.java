package dev.loginetl.pii.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.key.PiiKeyset;
import org.junit.jupiter.api.Test;

class SubjectHasherTest {
  private final PiiKeyset key = PiiKeyset.generate(MaskingStrategy.HMAC);

  @Test
  void theSameIdUnderTheSameKeyHashesTheSameAndNamesTheKey() {
    SubjectHasher hasher = SubjectHasher.create(key);

    String hash = hasher.hash("user-42");

    assertThat(SubjectHasher.create(key).hash("user-42")).isEqualTo(hash);
    assertThat(hash).startsWith("s1:" + HmacMasker.create(key).keyId() + ":").hasSize(3 + 8 + 1 + 43)
        .doesNotContain("user-42");
    assertThat(hasher.hash("user-43")).isNotEqualTo(hash);
  }

  @Test
  void anotherKeyHashesOtherwiseAndAHashIsNeverTheMaskOfTheSameText() {
    String hash = SubjectHasher.create(key).hash("user-42");

    assertThat(SubjectHasher.create(PiiKeyset.generate(MaskingStrategy.HMAC)).hash("user-42")).isNotEqualTo(hash);
    for (PiiField field : PiiField.values()) {
      assertThat(HmacMasker.create(key).mask(field, "user-42")).doesNotEndWith(hash.substring(hash.lastIndexOf(':')));
    }
  }

  @Test
  void refusesATokenizeKeyset() {
    assertThatThrownBy(() -> SubjectHasher.create(PiiKeyset.generate(MaskingStrategy.TOKENIZE)))
        .isInstanceOf(PiiConfigException.class);
  }
}
