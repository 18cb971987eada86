package dev.loginetl.core.model;

import dev.loginetl.core.port.IpEnricher;

/**
 * What an {@link IpEnricher} learned of an ip address: its country and its autonomous system. These
 * are coarse, public facts about a network, never the address: they are stored in clear beside the
 * masks ({@code ip_country}, {@code ip_asn}, {@code ip_asn_org}).
 *
 * <p>The compact constructor keeps only what the columns can hold, so a database with odd records
 * never makes a row the database refuses: a country that is not two ASCII letters becomes null (and
 * is upper-cased otherwise), an ASN outside 0 to 4294967295 becomes null, and an organisation name
 * is cut to {@value #ORG_MAX} characters (never between the two halves of a surrogate pair), and
 * becomes null when blank or when it holds text PostgreSQL cannot store.
 *
 * @param country nullable: ISO 3166-1 alpha-2, upper case
 * @param asn nullable: the autonomous system number
 * @param asnOrg nullable: the autonomous system's registered name, at most {@value #ORG_MAX}
 *     characters
 */
public record IpAttributes(String country, Long asn, String asnOrg) {
  /** The most characters of {@link #asnOrg} kept. */
  public static final int ORG_MAX = 128;

  /** Nothing known. */
  public static final IpAttributes NONE = new IpAttributes(null, null, null);

  private static final long MAX_ASN = 0xFFFF_FFFFL;

  public IpAttributes {
    country = countryCode(country);
    asn = asn == null || asn < 0 || asn > MAX_ASN ? null : asn;
    asnOrg = organisation(asnOrg);
  }

  /** Whether nothing is known: every component is null. */
  public boolean isEmpty() {
    return country == null && asn == null && asnOrg == null;
  }

  /** These attributes with the country of {@code other} when this has none, and likewise for the ASN. */
  public IpAttributes or(IpAttributes other) {
    return new IpAttributes(
        country != null ? country : other.country(),
        asn != null || asnOrg != null ? asn : other.asn(),
        asn != null || asnOrg != null ? asnOrg : other.asnOrg());
  }

  private static String countryCode(String value) {
    if (value == null || value.length() != 2) {
      return null;
    }
    char a = Character.toUpperCase(value.charAt(0));
    char b = Character.toUpperCase(value.charAt(1));
    return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' ? "" + a + b : null;
  }

  private static String organisation(String value) {
    if (value == null || value.isBlank() || !StorableText.isStorable(value)) {
      return null;
    }
    if (value.length() <= ORG_MAX) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(ORG_MAX - 1)) ? ORG_MAX - 1 : ORG_MAX;
    return value.substring(0, end);
  }
}
