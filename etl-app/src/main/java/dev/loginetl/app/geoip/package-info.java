/**
 * The runner's IP enrichment: {@link dev.loginetl.app.geoip.IpSettings} (the GeoIP databases and the
 * prefixes of the masked network) and {@link dev.loginetl.app.geoip.IpEnrichment}, which opens the
 * databases through etl-geoip at start (a database that cannot be used is a configuration mistake),
 * counts lookups by outcome, and closes them at the end of the run.
 */
package dev.loginetl.app.geoip;
