package dev.loginetl.app.geoip;

import dev.loginetl.core.model.IpAttributes;
import dev.loginetl.core.port.IpEnricher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;

/**
 * An {@link IpEnricher} that counts its lookups by outcome in {@code loginetl_ip_lookups_total}:
 * {@code found} (a database knew something of the address), {@code not_found}, {@code not_ip} (the
 * {@code ip} was not an IP literal) and {@code no_db} (no database is given). The only label is the
 * outcome: never an address, a country or an ASN. Thread-safe when its delegate is.
 */
public final class IpLookupMeters implements IpEnricher {
  private final IpEnricher delegate;
  private final boolean hasDatabase;
  private final Counter found;
  private final Counter notFound;
  private final Counter notIp;
  private final Counter noDatabase;

  /** @param delegate the enricher counted; {@link IpEnricher#NONE} counts every lookup as {@code no_db} */
  public IpLookupMeters(IpEnricher delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.hasDatabase = delegate != IpEnricher.NONE;
    this.found = counter(registry, "found");
    this.notFound = counter(registry, "not_found");
    this.notIp = counter(registry, "not_ip");
    this.noDatabase = counter(registry, "no_db");
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("loginetl.ip.lookups")
        .description("GeoIP lookups of logins' ips, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public IpAttributes enrich(InetAddress address) {
    if (!hasDatabase) {
      noDatabase.increment();
      return IpAttributes.NONE;
    }
    IpAttributes attributes = delegate.enrich(address);
    (attributes == null || attributes.isEmpty() ? notFound : found).increment();
    return attributes;
  }

  @Override
  public void notAnAddress() {
    notIp.increment();
  }
}
