package dev.loginetl.pii.mask;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.PiiConfigException;
import dev.loginetl.pii.key.PiiKeyset;

/**
 * Builds the {@link Masker} that configuration asks for:
 *
 * <pre>{@code
 * Masker masker = Maskers.create(config.strategy(), PiiKeyset.read(config.keyFile()));
 * TokenizingMasker tokens = Maskers.revealer(keyset);   // for reveal and rewrap
 * }</pre>
 *
 * <p>Thread-safe (stateless). Every configuration mistake is a {@link PiiConfigException} with one
 * sentence for the operator.
 */
public final class Maskers {
  private Maskers() {}

  /**
   * The masker for the strategy named {@code strategyName} ({@code hmac} or {@code tokenize}; a
   * null name means {@link MaskingStrategy#DEFAULT}) with {@code keys}.
   *
   * @throws PiiConfigException when the name is unknown or {@code keys} are of another strategy
   */
  public static Masker create(String strategyName, PiiKeyset keys) {
    MaskingStrategy strategy =
        strategyName == null ? MaskingStrategy.DEFAULT : MaskingStrategy.fromName(strategyName);
    return create(strategy, keys);
  }

  /**
   * The masker for {@code strategy} with {@code keys}.
   *
   * @throws PiiConfigException when {@code keys} are of another strategy
   */
  public static Masker create(MaskingStrategy strategy, PiiKeyset keys) {
    requireNonNull(strategy, "strategy");
    requireNonNull(keys, "keys");
    return strategy == MaskingStrategy.HMAC
        ? HmacMasker.create(keys)
        : TokenizingMasker.create(keys);
  }

  /**
   * The tokenizer that reveals and rewraps tokens made with {@code keys}.
   *
   * @throws PiiConfigException when {@code keys} are hmac keys, which cannot reveal anything
   */
  public static TokenizingMasker revealer(PiiKeyset keys) {
    requireNonNull(keys, "keys");
    if (keys.strategy() == MaskingStrategy.HMAC) {
      throw new PiiConfigException(
          "The " + keys.source() + " holds hmac keys, and HMAC masks are one-way: revealing and"
              + " rewrapping need the tokenize keyset the tokens were made with.");
    }
    return TokenizingMasker.create(keys);
  }

  static void requireStrategy(PiiKeyset keys, MaskingStrategy wanted) {
    if (keys.strategy() != wanted) {
      throw new PiiConfigException(
          "The masking strategy is " + wanted + ", but the " + keys.source() + " holds "
              + describe(keys.strategy()) + " keys: give the " + wanted + " key, or set the"
              + " strategy to " + keys.strategy() + ".");
    }
  }

  private static String describe(MaskingStrategy strategy) {
    return strategy == MaskingStrategy.HMAC ? "hmac (HMAC-SHA256)" : "tokenize (AES256-SIV)";
  }
}
