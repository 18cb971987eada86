/**
 * PII masking for loginetl: the vocabulary shared by its packages.
 *
 * <ul>
 *   <li>{@link dev.loginetl.pii.MaskingStrategy}: {@code hmac} (default, one-way) or {@code
 *       tokenize} (reversible).
 *   <li>{@link dev.loginetl.pii.PiiConfigException}: a key or setting that cannot work, with one
 *       sentence to show the operator.
 *   <li>{@code dev.loginetl.pii.key}: generating, rotating, loading and storing keys.
 *   <li>{@code dev.loginetl.pii.mask}: the {@link dev.loginetl.core.port.Masker}s, reveal and
 *       rewrap.
 * </ul>
 *
 * <p>Wiring, for an application:
 *
 * <pre>{@code
 * PiiKeyset keys = masterKeyPath == null
 *     ? PiiKeyset.read(keyPath)
 *     : PiiKeyset.read(keyPath, MasterKey.read(masterKeyPath));
 * Masker masker = Maskers.create(strategyName, keys);   // "hmac" or "tokenize"
 * }</pre>
 *
 * <p>This module reads no environment variable, flag or configuration file of its own, and logs
 * nothing.
 */
package dev.loginetl.pii;
