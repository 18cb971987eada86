package dev.loginetl.geoip;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.IpAttributes;
import dev.loginetl.core.port.IpEnricher;
import dev.loginetl.geoip.internal.AsnRecord;
import dev.loginetl.geoip.internal.CountryRecord;
import dev.loginetl.geoip.internal.DatabaseKind;
import dev.loginetl.geoip.internal.WatchedDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An {@link IpEnricher} over MaxMind DB files read with MaxMind's reader: the country from a country
 * database, the autonomous system from an ASN database, either or both. Both the MaxMind layout
 * (GeoLite2 and GeoIP2 Country, City and ASN; DB-IP's MMDBs) and ip-location-db's ({@code
 * country_code}) are read.
 *
 * <p><b>Replaced files.</b> A background thread compares each file's modification time, size and
 * identity with the opened one's every {@link GeoIpDatabases#recheck()}, and opens a replaced file
 * beside the current one, swapping it in once it opened and is of the right type; lookups never
 * wait for it. A replacement that cannot be used is logged and the current database kept.
 *
 * <p><b>Lookups.</b> {@link #enrich} answers from memory, never blocks and never throws: an address
 * a database does not hold, an IPv6 address in an IPv4-only database, or a record that cannot be
 * decoded gives nothing from that database. It keeps, logs and counts no address.
 *
 * <p>Thread-safe. {@link #close} stops the background thread; idempotent.
 */
public final class MmdbEnricher implements IpEnricher, AutoCloseable {
  private final WatchedDatabase country;
  private final WatchedDatabase asn;
  private final ScheduledExecutorService rechecks;

  private MmdbEnricher(WatchedDatabase country, WatchedDatabase asn, GeoIpDatabases databases) {
    this.country = country;
    this.asn = asn;
    this.rechecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "loginetl-geoip-recheck");
      thread.setDaemon(true);
      return thread;
    });
    long every = databases.recheck().toMillis();
    rechecks.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the databases {@code databases} names.
   *
   * @throws GeoIpConfigException when one cannot be read, is not an MMDB file, or is of the wrong
   *     type; its message is one sentence naming the file and the option
   * @throws IllegalArgumentException when {@code databases} names none
   */
  public static MmdbEnricher open(GeoIpDatabases databases) {
    requireNonNull(databases, "databases");
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("no GeoIP database given");
    }
    WatchedDatabase country = databases.country() == null ? null : open(databases.country(), DatabaseKind.COUNTRY);
    WatchedDatabase asn = databases.asn() == null ? null : open(databases.asn(), DatabaseKind.ASN);
    return new MmdbEnricher(country, asn, databases);
  }

  private static WatchedDatabase open(Path file, DatabaseKind kind) {
    try {
      return WatchedDatabase.open(file, kind);
    } catch (WatchedDatabase.WrongTypeException e) {
      throw new GeoIpConfigException(kind.option() + " " + file + " is a database of type '" + e.type()
          + "', not " + kind.expected() + ": give that file to the other option, or the right file.", e);
    } catch (IOException | RuntimeException e) {
      throw new GeoIpConfigException(kind.option() + " " + file + " cannot be opened as an MMDB database ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "): check the path and that the file is a complete .mmdb file.", e);
    }
  }

  @Override
  public IpAttributes enrich(InetAddress address) {
    String code = null;
    Long number = null;
    String organization = null;
    if (country != null) {
      CountryRecord record = lookup(country, address, CountryRecord.class);
      code = record == null ? null : record.code();
    }
    if (asn != null) {
      AsnRecord record = lookup(asn, address, AsnRecord.class);
      if (record != null) {
        number = record.number();
        organization = record.organization();
      }
    }
    return code == null && number == null && organization == null
        ? IpAttributes.NONE
        : new IpAttributes(code, number, organization);
  }

  private static <T> T lookup(WatchedDatabase database, InetAddress address, Class<T> type) {
    try {
      return database.reader().get(address, type);
    } catch (IOException | RuntimeException e) {
      // A corrupt record, or an IPv6 address asked of an IPv4-only database: nothing known.
      return null;
    }
  }

  /** The country database's type; null without one. */
  public String countryType() {
    return country == null ? null : country.type();
  }

  /** The ASN database's type; null without one. */
  public String asnType() {
    return asn == null ? null : asn.type();
  }

  /** How many times a replaced file was swapped in, both databases together. */
  public int reloads() {
    return (country == null ? 0 : country.reloads()) + (asn == null ? 0 : asn.reloads());
  }

  private void recheck() {
    if (country != null) {
      country.recheck();
    }
    if (asn != null) {
      asn.recheck();
    }
  }

  @Override
  public void close() {
    rechecks.shutdownNow();
  }
}
