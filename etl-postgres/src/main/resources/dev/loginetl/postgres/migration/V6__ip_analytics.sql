-- What an ip tells an analyst, kept without the ip: the mask of its network, and the coarse, public
-- facts a GeoIP database gives of it. Plain nullable columns without defaults: adding them rewrites
-- nothing, rows stored before them hold NULL, and a table re-created under them keeps them.
ALTER TABLE "${flyway:defaultSchema}".user_logins
    ADD COLUMN masked_ip_net varchar(256),
    ADD COLUMN ip_country char(2),
    ADD COLUMN ip_asn bigint,
    ADD COLUMN ip_asn_org varchar(128);

COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.masked_ip_net IS
    'The mask of the ip''s network (/24 for IPv4, /48 for IPv6 by default), made like masked_ip under the same key but in its own domain, so it never equals an address''s mask. NULL when the ip is absent or not an IP literal.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.ip_country IS
    'ISO 3166-1 alpha-2 country of the ip, from the GeoIP country database at ingest; NULL without a database or when it does not know the ip.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.ip_asn IS
    'Autonomous system number of the ip, from the GeoIP ASN database at ingest (bigint: ASNs go up to 4294967295).';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.ip_asn_org IS
    'Registered name of the autonomous system, public registry data, cut to 128 characters.';
