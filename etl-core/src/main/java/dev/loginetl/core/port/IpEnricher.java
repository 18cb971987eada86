package dev.loginetl.core.port;

import dev.loginetl.core.model.IpAttributes;
import java.net.InetAddress;

/**
 * Looks up what is publicly known of an ip address (its country, its autonomous system) while the
 * address is still in clear, so that those coarse facts can be stored beside its mask. The login
 * transformer calls it once per login whose {@code ip} is an IP literal, with the canonical address
 * and before masking; the address itself is never stored.
 *
 * <p><b>Contract.</b> {@link #enrich} answers for any address, never null and never throws: an
 * address the implementation knows nothing of, or a lookup that failed (a database being replaced,
 * a corrupt record), is {@link IpAttributes#NONE}. So enrichment never rejects a message, never
 * stops the pipeline, and never changes what the rules decide: a login gives a row or a rejection
 * for the same reasons with or without an enricher, and the row differs only in its {@code ip_*}
 * attributes. Implementations must not keep, log or count the addresses they see.
 *
 * <p><b>Thread-safety.</b> Called from several receiver threads at once: implementations are
 * thread-safe and should answer in about a microsecond, without blocking on I/O.
 */
public interface IpEnricher {

  /** The enricher that knows nothing: every address gives {@link IpAttributes#NONE}. */
  IpEnricher NONE = address -> IpAttributes.NONE;

  /**
   * What is known of {@code address}.
   *
   * @param address never null; an IPv4-mapped IPv6 address arrives as its IPv4 address
   * @return never null; {@link IpAttributes#NONE} when nothing is known
   */
  IpAttributes enrich(InetAddress address);

  /**
   * Told of a login whose {@code ip} is present but is not an IP literal, so that an implementation
   * can count it; the value itself is not passed. Does nothing by default.
   */
  default void notAnAddress() {}
}
