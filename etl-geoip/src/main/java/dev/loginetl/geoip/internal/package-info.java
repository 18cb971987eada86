/** Not API: the record decoders and the file watching behind {@link dev.loginetl.geoip.MmdbEnricher}. */
package dev.loginetl.geoip.internal;
