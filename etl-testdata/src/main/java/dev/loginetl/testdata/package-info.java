/**
 * Generated test data: {@link dev.loginetl.testdata.MessageGenerator} makes realistic, seeded
 * message bodies, valid and invalid in known proportions; {@link dev.loginetl.testdata.MmdbWriter}
 * writes small MaxMind DB files for GeoIP lookups (MaxMind publishes no Java writer). JDK only; not
 * used by the runner.
 */
package dev.loginetl.testdata;
