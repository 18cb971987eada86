package dev.loginetl.pii.mask;

import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.key.Secret;

class TokenizingMaskerContractTest implements MaskerContract {
  private static final PiiKeyset KEYS = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
  private static final TokenizingMasker MASKER = TokenizingMasker.create(KEYS);

  @Override
  public Masker masker() {
    return MASKER;
  }

  @Override
  public Masker sameKeyElsewhere() {
    return Maskers.create("tokenize", PiiKeyset.parse(Secret.of(KEYS.toJson().expose()), "copy"));
  }

  @Override
  public Masker otherKey() {
    return TokenizingMasker.create(KEYS.rotate());
  }

  @Override
  public String tag() {
    return "t1";
  }
}
