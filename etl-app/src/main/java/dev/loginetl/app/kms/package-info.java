/** Tink's AEAD over an AWS KMS key, which wraps and unwraps the runner's PII keyset. */
package dev.loginetl.app.kms;
