-- user_logins becomes range-partitioned by create_date, when that costs nothing: a table that holds
-- no rows is made again, partitioned, with the same columns (read from the catalog, so that columns
-- added by any earlier migration come along) and a DEFAULT partition that catches any date, and NULL,
-- for which no partition exists. A table that holds rows is left as it is, unpartitioned: turning it
-- into a partition is `loginetl migrate --partition` (docs/lifecycle.md), which rewrites nothing but
-- takes the operator's decision. The partitions of each period are made by the loader (create-ahead).
--
-- A partitioned table's unique key must hold its partition key: (message_id, create_date). The loader
-- gives one event one date, so the key still stores each event once (see docs/lifecycle.md).
DO $$
DECLARE
    s constant text := '${flyway:defaultSchema}';
    has_rows boolean;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = format('%I.user_logins', s)::regclass) = 'p' THEN
        RETURN;
    END IF;
    -- Taken before looking, so that no row can be committed between the look and the drop.
    EXECUTE format('LOCK TABLE %I.user_logins IN ACCESS EXCLUSIVE MODE', s);
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.user_logins)', s) INTO has_rows;
    IF has_rows THEN
        RAISE NOTICE 'user_logins holds rows and is left unpartitioned; `loginetl migrate --partition` converts it without rewriting it';
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE %I.user_logins_partitioned (LIKE %I.user_logins INCLUDING DEFAULTS'
        ' INCLUDING CONSTRAINTS INCLUDING COMMENTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE'
        ' INCLUDING STATISTICS) PARTITION BY RANGE (create_date)', s, s);
    EXECUTE format('DROP TABLE %I.user_logins', s);
    EXECUTE format('ALTER TABLE %I.user_logins_partitioned RENAME TO user_logins', s);
    EXECUTE format('ALTER TABLE %I.user_logins ADD CONSTRAINT user_logins_message_id_create_date_key'
        ' UNIQUE (message_id, create_date)', s);
    -- Erasure finds one person's rows in every partition through it.
    EXECUTE format('CREATE INDEX user_logins_user_id_idx ON %I.user_logins (user_id)', s);
    EXECUTE format('CREATE TABLE %I.user_logins_default PARTITION OF %I.user_logins DEFAULT', s, s);
    EXECUTE format('COMMENT ON TABLE %I.user_logins IS %L', s,
        'Logins, range-partitioned by create_date; user_logins_default holds dates no partition covers.');
END
$$;

-- One row per retention or erasure run: when, what it removed and from where; never a user id in
-- clear (an erasure names its subject by a keyed hash only).
CREATE TABLE "${flyway:defaultSchema}".data_lifecycle_audit (
    id                 bigserial   PRIMARY KEY,
    ran_at             timestamptz NOT NULL DEFAULT now(),
    action             text        NOT NULL,
    cutoff             date,
    subject_hash       text,
    rows_deleted       bigint      NOT NULL,
    rejections_deleted bigint      NOT NULL,
    partitions_dropped text[]      NOT NULL DEFAULT '{}',
    detail             jsonb       NOT NULL DEFAULT '{}',
    db_user            text        NOT NULL DEFAULT session_user,
    CONSTRAINT data_lifecycle_audit_action CHECK (action IN ('retention', 'erasure')),
    CONSTRAINT data_lifecycle_audit_retention_has_cutoff CHECK (action <> 'retention' OR cutoff IS NOT NULL),
    CONSTRAINT data_lifecycle_audit_erasure_has_subject CHECK (action <> 'erasure' OR subject_hash IS NOT NULL)
);
CREATE INDEX data_lifecycle_audit_subject_idx ON "${flyway:defaultSchema}".data_lifecycle_audit (subject_hash);

COMMENT ON TABLE "${flyway:defaultSchema}".data_lifecycle_audit IS
    'One row per retention run (loginetl retention) and per person erased (loginetl erase); never personal data.';
COMMENT ON COLUMN "${flyway:defaultSchema}".data_lifecycle_audit.cutoff IS
    'Retention: rows with a create_date before this date were removed.';
COMMENT ON COLUMN "${flyway:defaultSchema}".data_lifecycle_audit.subject_hash IS
    'Erasure: a keyed hash (HMAC-SHA256) of the user id; whoever holds the key can tell whether a user was erased.';
COMMENT ON COLUMN "${flyway:defaultSchema}".data_lifecycle_audit.partitions_dropped IS
    'Retention: the partitions of user_logins dropped whole.';
COMMENT ON COLUMN "${flyway:defaultSchema}".data_lifecycle_audit.detail IS
    'Rows deleted per partition, and what else the run found; no personal data.';
