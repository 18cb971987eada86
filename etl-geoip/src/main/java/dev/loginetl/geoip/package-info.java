/**
 * The {@link dev.loginetl.core.port.IpEnricher} over MaxMind DB (MMDB) files: {@link
 * dev.loginetl.geoip.MmdbEnricher} looks an ip's country up in a country database and its
 * autonomous system in an ASN database, and reopens either when its file is replaced.
 */
package dev.loginetl.geoip;
