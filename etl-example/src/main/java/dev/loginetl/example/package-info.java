/**
 * A worked example of embedding etl-core in a plain Java service: {@link
 * dev.loginetl.example.LoginIngestService} runs the pipeline on the caller's threads from a {@link
 * dev.loginetl.example.SpoolDirectory} (its {@code MessageSource}) into a {@link
 * dev.loginetl.core.port.LoginSink} such as {@link dev.loginetl.example.LoginStore}, and learns of a
 * failure through the pipeline's listener. Both adapters pass the testkit's port contracts.
 */
package dev.loginetl.example;
