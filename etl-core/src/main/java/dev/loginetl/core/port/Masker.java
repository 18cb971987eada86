package dev.loginetl.core.port;

import dev.loginetl.core.model.PiiField;

/**
 * Turns a personal value into a mask that can be stored and compared but does not show the value.
 *
 * <p><b>Guarantees every implementation gives:</b> deterministic (the same field and value give the
 * same mask for as long as the key is the same, across runs and machines); separated by field (the
 * same value in two fields gives unrelated masks); the mask never contains the value; the mask is
 * printable text and names the strategy and key that made it. A mask of an {@link PiiField#IP} or
 * {@link PiiField#DEVICE_ID} value of ordinary size fits in 256 characters; callers check, because a
 * reversible mask grows with its value.
 *
 * <p><b>Not guaranteed:</b> hiding that two values are equal: that is the point of a deterministic
 * mask.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 *
 * <p><b>Errors:</b> {@link dev.loginetl.core.EtlException} when the key cannot be used; the message
 * never contains the value or the key.
 */
public interface Masker {

  /**
   * Masks one value.
   *
   * @param field which field the value comes from, never null
   * @param value the value in clear, never null (a null stays null and is never masked)
   * @return the mask, never null
   */
  String mask(PiiField field, String value);
}
