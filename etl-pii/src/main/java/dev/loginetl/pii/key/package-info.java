/**
 * Masking keys: generating, rotating, loading and storing them, in clear or encrypted under a
 * master key.
 *
 * <h2>File format</h2>
 *
 * <p>Every key file is a Tink keyset in Tink's JSON format ({@code TinkJsonProtoKeysetFormat}),
 * UTF-8, at most 1 MiB, so that rotation works the same way for both strategies and any Tink tool
 * can read it:
 *
 * <ul>
 *   <li>an {@code hmac} keyset holds HMAC PRF keys ({@code type.googleapis.com/google.crypto.tink.HmacPrfKey})
 *       with hash SHA256 and at least 32 bytes of key; the primary one masks. Its key ids in masks are
 *       fingerprints of the key (see {@code dev.loginetl.pii.mask.HmacMasker}), not Tink's ids;
 *   <li>a {@code tokenize} keyset holds AES-SIV keys ({@code type.googleapis.com/google.crypto.tink.AesSivKey})
 *       of 64 bytes (AES256-SIV), any output prefix type; the primary one tokenises, every enabled one
 *       reveals. Its key ids in tokens are Tink's key ids in 8 hex digits;
 *   <li>an encrypted keyset is Tink's encrypted keyset JSON ({@code {"encryptedKeyset": ...,
 *       "keysetInfo": ...}}), encrypted with a master key and empty associated data;
 *   <li>a master key is a cleartext Tink AEAD keyset (new ones: AES256-GCM).
 * </ul>
 *
 * <p>Files are written readable by their owner only; a replaced file is replaced by one atomic
 * rename. Nothing here prints, logs or puts in a {@code toString} any key material.
 */
package dev.loginetl.pii.key;
