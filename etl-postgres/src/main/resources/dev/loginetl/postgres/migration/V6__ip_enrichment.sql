ALTER TABLE user_logins ADD COLUMN ip_country varchar(2), ADD COLUMN ip_asn integer, ADD COLUMN ip_asn_org varchar(128), ADD COLUMN masked_ip_net varchar(256);
