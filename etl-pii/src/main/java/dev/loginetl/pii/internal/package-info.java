/**
 * Not API: encodings, the HMAC engine, key derivation, mask text and key files used by {@code
 * dev.loginetl.pii.key} and {@code dev.loginetl.pii.mask}. May change without notice.
 */
package dev.loginetl.pii.internal;
