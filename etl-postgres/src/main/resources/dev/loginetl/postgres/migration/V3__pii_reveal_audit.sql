-- One row per reveal of masked values: who asked, why, how many values and where they came from.
-- Never the values nor their masks: the table must be safe to show to whoever audits it.
CREATE TABLE "${flyway:defaultSchema}".pii_reveal_audit (
    id          bigserial   PRIMARY KEY,
    revealed_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    reason      text        NOT NULL,
    value_count integer     NOT NULL,
    source      text        NOT NULL,
    db_user     text        NOT NULL DEFAULT session_user,
    CONSTRAINT pii_reveal_audit_actor_given CHECK (btrim(actor) <> ''),
    CONSTRAINT pii_reveal_audit_reason_given CHECK (btrim(reason) <> ''),
    CONSTRAINT pii_reveal_audit_count_not_negative CHECK (value_count >= 0)
);

COMMENT ON TABLE "${flyway:defaultSchema}".pii_reveal_audit IS
    'One row per reveal, written and committed before the values are shown; never the values or masks.';
COMMENT ON COLUMN "${flyway:defaultSchema}".pii_reveal_audit.actor IS
    'Who revealed, as the caller declared it.';
COMMENT ON COLUMN "${flyway:defaultSchema}".pii_reveal_audit.reason IS
    'Why, as the caller declared it.';
COMMENT ON COLUMN "${flyway:defaultSchema}".pii_reveal_audit.value_count IS
    'How many values were revealed.';
COMMENT ON COLUMN "${flyway:defaultSchema}".pii_reveal_audit.source IS
    'Where the masks came from: arguments, stdin, or the table they were read from (user_logins).';
COMMENT ON COLUMN "${flyway:defaultSchema}".pii_reveal_audit.db_user IS
    'The database user that wrote the row, which the caller cannot choose.';
