-- The exercise's table, column for column. IF NOT EXISTS: a database the exercise's image set up
-- already holds it (with rows and no Flyway history); Flyway baselines such a schema at version 0,
-- so this migration runs there too and must leave that table and its rows as they are.
-- (Its "already exists, skipping" notice is expected there; it would only alarm in the logs.)
SET LOCAL client_min_messages = warning;
CREATE TABLE IF NOT EXISTS "${flyway:defaultSchema}".user_logins (
    user_id          varchar(128),
    device_type      varchar(32),
    masked_ip        varchar(256),
    masked_device_id varchar(256),
    locale           varchar(32),
    app_version      integer,
    create_date      date
);

-- A table taken over must be the exercise's: fail here, with its name, rather than at the first write.
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(expected.name, ', ' ORDER BY expected.name) INTO missing
    FROM unnest(ARRAY['user_id', 'device_type', 'masked_ip', 'masked_device_id', 'locale',
                      'app_version', 'create_date']) AS expected(name)
    WHERE NOT EXISTS (
        SELECT 1 FROM pg_attribute a
        WHERE a.attrelid = '"${flyway:defaultSchema}".user_logins'::regclass
          AND a.attname = expected.name AND a.attnum > 0 AND NOT a.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'table user_logins exists but lacks the column(s) %: it is not the exercise''s table', missing;
    END IF;
END
$$;
