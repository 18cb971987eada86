/**
 * Generated login messages: {@link dev.loginetl.testdata.MessageGenerator} makes realistic, seeded
 * message bodies, valid and invalid in known proportions. JDK only; not used by the runner.
 */
package dev.loginetl.testdata;
