/**
 * The {@link dev.loginetl.core.port.Masker}s: {@link dev.loginetl.pii.mask.HmacMasker} (one-way)
 * and {@link dev.loginetl.pii.mask.TokenizingMasker} (reversible: reveal, rewrap), chosen by {@link
 * dev.loginetl.pii.mask.Maskers}.
 *
 * <h2>Mask format</h2>
 *
 * <p>{@code <tag>:<key id>:<payload>}, printable ASCII: the tag names the strategy and format
 * version ({@code h1} for hmac, {@code t1} for tokenize), the key id is 8 lowercase hex digits
 * naming the key that made the mask, the payload is base64url without padding. A mask is built from
 * the value only through the keyed function, never by copying it (a short value can of course turn
 * up in a mask by chance, as any short string can).
 *
 * <p>The value is encoded as UTF-8; a string holding an unpaired surrogate (possible in JSON) is
 * encoded as WTF-8, so that different strings never share a mask and tokens reveal exactly.
 */
package dev.loginetl.pii.mask;
