/**
 * Values that flow through the pipeline: a received message, the login parsed from it, the row or
 * rejection it becomes. Records, immutable; types holding personal data in clear never print it.
 * Every type here is API.
 */
package dev.loginetl.core.model;
