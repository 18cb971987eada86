package dev.loginetl.postgres.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where a JDBC URL points, as far as messages may say: hosts, ports and database name. Never the
 * URL itself, whose parameters may hold credentials.
 *
 * @param hostsAndPorts {@code host:port}, comma-separated when the URL names several servers
 * @param database the database name
 */
public record Endpoint(String hostsAndPorts, String database) {

  /**
   * Parses a {@code jdbc:postgresql:} URL.
   *
   * @throws IllegalArgumentException when pgjdbc cannot parse it
   */
  public static Endpoint of(String jdbcUrl) {
    Properties parsed = parse(jdbcUrl);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "the JDBC URL is not a PostgreSQL URL pgjdbc can read: expected jdbc:postgresql://host:port/database");
    }
    String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
    String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      String host = hosts[i].contains(":") ? "[" + hosts[i] + "]" : hosts[i];
      servers.add(host + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
    }
    return new Endpoint(String.join(",", servers), parsed.getProperty("PGDBNAME", ""));
  }

  /** pgjdbc's reading of the URL, or null when it is not one it accepts. */
  static Properties parse(String jdbcUrl) {
    return jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, new Properties());
  }

  /** The value of a driver parameter the URL itself sets, or null. */
  public static String parameter(String jdbcUrl, String name) {
    Properties parsed = parse(jdbcUrl);
    return parsed == null ? null : parsed.getProperty(name);
  }

  /** Whether the URL itself carries a password parameter. */
  public static boolean carriesPassword(String jdbcUrl) {
    Properties parsed = parse(jdbcUrl);
    return parsed != null && parsed.getProperty("password") != null;
  }

  @Override
  public String toString() {
    return hostsAndPorts;
  }
}
