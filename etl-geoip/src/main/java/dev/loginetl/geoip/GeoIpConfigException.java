package dev.loginetl.geoip;

/**
 * A GeoIP database that cannot be used, found at start-up: missing, unreadable, not an MMDB file, or
 * of the wrong type. The message is one sentence naming the file and what to do; it holds no ip.
 */
public final class GeoIpConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GeoIpConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
