/**
 * etl-core's test fixtures: jqwik generators of valid, invalid and hostile logins, the sample
 * messages, the AWS envelopes logins arrive in, and a deterministic masker. Published as etl-core's
 * test-jar, so that the tests of modules above etl-core share them; not part of any runtime jar.
 */
package dev.loginetl.core.testing;
