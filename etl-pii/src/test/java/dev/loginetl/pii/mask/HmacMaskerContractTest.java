package dev.loginetl.pii.mask;

import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.key.Secret;

class HmacMaskerContractTest implements MaskerContract {
  private static final PiiKeyset KEYS = PiiKeyset.generate(MaskingStrategy.HMAC);
  private static final HmacMasker MASKER = HmacMasker.create(KEYS);

  @Override
  public Masker masker() {
    return MASKER;
  }

  @Override
  public Masker sameKeyElsewhere() {
    return Maskers.create("hmac", PiiKeyset.parse(Secret.of(KEYS.toJson().expose()), "copy"));
  }

  @Override
  public Masker otherKey() {
    return HmacMasker.create(KEYS.rotate());
  }

  @Override
  public String tag() {
    return "h1";
  }
}
