package dev.loginetl.pii.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.key.Secret;
import dev.loginetl.pii.testing.Messages;
import dev.loginetl.pii.testing.PiiValues;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MaskingProperties {
  private static final PiiKeyset HMAC_KEYS = PiiKeyset.generate(MaskingStrategy.HMAC);
  private static final PiiKeyset TOKEN_KEYS = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
  private static final PiiKeyset TOKEN_KEYS_2 = TOKEN_KEYS.rotate();
  private static final PiiKeyset TOKEN_KEYS_3 = TOKEN_KEYS_2.rotate();

  private static final HmacMasker HMAC = HmacMasker.create(HMAC_KEYS);
  private static final TokenizingMasker TOKENS = TokenizingMasker.create(TOKEN_KEYS);
  private static final TokenizingMasker TOKENS_2 = TokenizingMasker.create(TOKEN_KEYS_2);
  private static final TokenizingMasker TOKENS_3 = TokenizingMasker.create(TOKEN_KEYS_3);

  @Provide
  Arbitrary<String> values() {
    return PiiValues.anyValue();
  }

  @Provide
  Arbitrary<Masker> maskers() {
    return Arbitraries.of(HMAC, TOKENS);
  }

  @Provide
  Arbitrary<List<PiiField>> twoFields() {
    return PiiValues.twoFields();
  }

  @Provide
  Arbitrary<String> notAKey() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMinLength(8).ofMaxLength(200),
        Arbitraries.strings().withCharRange('A', 'z').ofMinLength(8).ofMaxLength(80)
            .map(s -> "{\"primaryKeyId\":1,\"key\":[{\"keyData\":{\"value\":\"" + s + "\"}}]}"),
        Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(64));
  }

  @Property
  void masksAreDeterministic(@ForAll("maskers") Masker masker, @ForAll PiiField field,
      @ForAll("values") String value) {
    assertThat(masker.mask(field, value)).isEqualTo(masker.mask(field, value));
  }

  @Property(tries = 200)
  void masksAreTheSameFromAKeysetLoadedAgain(@ForAll PiiField field, @ForAll("values") String value) {
    PiiKeyset hmacAgain = PiiKeyset.parse(Secret.of(HMAC_KEYS.toJson().expose()), "again");
    PiiKeyset tokensAgain = PiiKeyset.parse(Secret.of(TOKEN_KEYS.toJson().expose()), "again");
    assertThat(HmacMasker.create(hmacAgain).mask(field, value)).isEqualTo(HMAC.mask(field, value));
    assertThat(TokenizingMasker.create(tokensAgain).mask(field, value))
        .isEqualTo(TOKENS.mask(field, value));
  }

  @Property
  void tokenizingThenRevealingGivesTheOriginal(@ForAll PiiField field, @ForAll("values") String value) {
    String token = TOKENS.mask(field, value);
    assertThat(TOKENS.reveal(field, token)).isEqualTo(value);
  }

  @Property
  void differentValuesGetDifferentMasks(@ForAll("maskers") Masker masker, @ForAll PiiField field,
      @ForAll("values") String a, @ForAll("values") String b) {
    Assume.that(!a.equals(b));
    assertThat(masker.mask(field, a)).isNotEqualTo(masker.mask(field, b));
  }

  /** 100,000 distinct values of each seed: IPv4 addresses, device ids, random text. */
  @Property(tries = 2)
  void hundredThousandDistinctValuesGetDistinctMasks(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Set<String> values = new HashSet<>();
    while (values.size() < 100_000) {
      int kind = random.nextInt(3);
      if (kind == 0) {
        int ip = random.nextInt();
        values.add((ip >>> 24) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255) + "." + (ip & 255));
      } else if (kind == 1) {
        values.add(String.format("%03d-%02d-%04d", random.nextInt(1000), random.nextInt(100),
            random.nextInt(10_000)));
      } else {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(1, 24); n > 0; n--) {
          s.appendCodePoint(random.nextInt(5) == 0 ? random.nextInt(0x10000, 0x10FFFF) : random.nextInt(0x20, 0x3000));
        }
        values.add(s.toString());
      }
    }
    Set<String> hmacMasks = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    for (String value : values) {
      hmacMasks.add(HMAC.mask(PiiField.DEVICE_ID, value));
      tokens.add(TOKENS.mask(PiiField.DEVICE_ID, value));
    }
    assertThat(hmacMasks).hasSize(values.size());
    assertThat(tokens).hasSize(values.size());
  }

  @Property
  void theSameValueMasksDifferentlyInTwoFields(@ForAll("maskers") Masker masker,
      @ForAll("twoFields") List<PiiField> fields, @ForAll("values") String value) {
    String first = masker.mask(fields.get(0), value);
    String second = masker.mask(fields.get(1), value);
    assertThat(first.substring(12)).isNotEqualTo(second.substring(12));
  }

  @Property(tries = 300)
  void afterRotationOldTokensRevealAndRewrapToFreshTokens(@ForAll PiiField field,
      @ForAll("values") String value) {
    String first = TOKENS.mask(field, value);
    String second = TOKENS_2.mask(field, value);
    String fresh = TOKENS_3.mask(field, value);
    assertThat(TOKENS_3.reveal(field, first)).isEqualTo(value);
    assertThat(TOKENS_3.reveal(field, second)).isEqualTo(value);
    assertThat(TOKENS_3.rewrap(field, first)).isEqualTo(fresh);
    assertThat(TOKENS_3.rewrap(field, second)).isEqualTo(fresh);
    assertThat(TOKENS_3.rewrap(field, fresh)).isEqualTo(fresh);
    assertThat(fresh).startsWith(TOKENS_3.primaryMaskPrefix()).isNotEqualTo(first);
  }

  @Property(tries = 300)
  void aTokenIsRefusedByAnotherKeysetWithoutShowingItsValue(@ForAll PiiField field,
      @ForAll("values") String value) {
    String token = TOKENS.mask(field, value);
    UnrevealableMaskException thrown =
        catchThrowableOfType(UnrevealableMaskException.class, () -> OTHER.reveal(field, token));
    assertThat(thrown.reason()).isEqualTo(UnrevealableMaskException.Reason.UNKNOWN_KEY);
    // The message depends on the key id only, never on the value.
    assertThat(thrown.getMessage())
        .isEqualTo(catchThrowable(() -> OTHER.reveal(field, TOKENS.mask(field, "other"))).getMessage());
  }

  private static final TokenizingMasker OTHER =
      TokenizingMasker.create(PiiKeyset.generate(MaskingStrategy.TOKENIZE));

  @Property(tries = 300)
  void whatIsNotAKeyIsRefusedWithOneSentenceThatDoesNotQuoteIt(@ForAll("notAKey") String text) {
    Throwable thrown = catchThrowable(() -> PiiKeyset.parse(Secret.of(text), "LOGINETL_KEY"));
    assertThat(thrown).isInstanceOf(PiiConfigException.class);
    Messages.assertOperatorMessage(thrown);
    Assume.that(!text.isBlank());
    assertThat(Messages.printed(thrown)).doesNotContain(text.strip());
  }

  @Property(tries = 100)
  void aKeyOfTheOtherStrategyIsRefused(@ForAll MaskingStrategy wanted) {
    PiiKeyset wrong = wanted == MaskingStrategy.HMAC ? TOKEN_KEYS : HMAC_KEYS;
    Throwable thrown = catchThrowable(() -> Maskers.create(wanted, wrong));
    Messages.assertOperatorMessage(thrown);
    assertThat(thrown.getMessage()).startsWith("The masking strategy is " + wanted + ", but");
  }
}
