package dev.loginetl.postgres.internal;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the JDBC URL says about TLS: whether it is required, and a warning, once per process, when
 * a server that is not on this machine is reached without it.
 */
public final class Transport {
  private static final Logger log = LoggerFactory.getLogger(Transport.class);
  /** The sslmodes under which pgjdbc refuses to talk to a server without TLS. */
  public static final Set<String> TLS_REQUIRED = Set.of("require", "verify-ca", "verify-full");
  /** The sslmodes under which pgjdbc also checks the server's certificate against sslrootcert. */
  public static final Set<String> SERVER_VERIFIED = Set.of("verify-ca", "verify-full");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private Transport() {}

  /** Whether the URL's {@code sslmode} makes pgjdbc refuse a connection without TLS. */
  public static boolean requiresTls(String jdbcUrl) {
    String mode = Endpoint.parameter(jdbcUrl, "sslmode");
    return mode != null && TLS_REQUIRED.contains(mode.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * Whether the URL's {@code sslmode} makes pgjdbc check the server's certificate ({@code verify-ca}
   * or {@code verify-full}); under {@code require} it encrypts but talks to any server.
   */
  public static boolean verifiesServer(String jdbcUrl) {
    String mode = Endpoint.parameter(jdbcUrl, "sslmode");
    return mode != null && SERVER_VERIFIED.contains(mode.strip().toLowerCase(Locale.ROOT));
  }

  /** Whether every host the URL names is this machine (a loopback name or address). */
  public static boolean isLoopbackOnly(String jdbcUrl) {
    String hosts = Endpoint.parameter(jdbcUrl, "PGHOST");
    if (hosts == null) {
      return true;
    }
    for (String host : hosts.split(",")) {
      String h = host.strip().toLowerCase(Locale.ROOT);
      boolean loopback = h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
      if (!loopback) {
        return false;
      }
    }
    return true;
  }

  /**
   * Logs a warning, once per process, when the URL names a server off this machine and does not
   * require TLS (sslmode absent, disable, allow or prefer): the password and the rows may then cross
   * the network in clear text. Returns whether this call warned.
   */
  public static boolean warnIfPlaintext(String jdbcUrl) {
    if (requiresTls(jdbcUrl) || isLoopbackOnly(jdbcUrl) || !WARNED.compareAndSet(false, true)) {
      return false;
    }
    log.warn("PostgreSQL at {} is not on this machine and the JDBC URL does not require TLS: add"
        + " sslmode=verify-full&sslrootcert=/path/to/ca.pem, or the password and the rows may cross the network"
        + " in clear text", Endpoint.of(jdbcUrl));
    return true;
  }
}
