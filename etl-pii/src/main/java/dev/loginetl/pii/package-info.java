/** PII masking strategies: keyed HMAC and reversible deterministic tokenisation. */
package dev.loginetl.pii;
