-- What the loader needs besides the exercise's columns. Adding nullable columns without a default
-- rewrites nothing, so a table that already holds rows is taken over quickly.

-- The idempotency key. Rows written before the loader have none (NULL): a unique constraint lets any
-- number of NULLs coexist, and INSERT ... ON CONFLICT (message_id) needs this very constraint.
ALTER TABLE "${flyway:defaultSchema}".user_logins
    ADD COLUMN message_id text,
    ADD COLUMN app_version_raw varchar(64),
    ADD CONSTRAINT user_logins_message_id_key UNIQUE (message_id);

COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.message_id IS
    'Id of the queue message the row came from; unique; NULL for rows written before the loader.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.app_version_raw IS
    'app_version exactly as received; app_version holds it as an ordered integer when it parses.';

-- Messages that did not become rows, so that none is lost. redacted_body is the message body with
-- ip and device_id masked as in user_logins; text, not jsonb, so that it is kept byte for byte.
CREATE TABLE "${flyway:defaultSchema}".user_logins_rejected (
    message_id    text        NOT NULL,
    reason        varchar(32) NOT NULL,
    detail        text        NOT NULL,
    redacted_body text        NOT NULL,
    rejected_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_logins_rejected_pkey PRIMARY KEY (message_id)
);

COMMENT ON TABLE "${flyway:defaultSchema}".user_logins_rejected IS
    'Messages the loader could not turn into a user_logins row; at most one per message id.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins_rejected.reason IS
    'Machine-readable reason (dev.loginetl.core.model.RejectReason).';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins_rejected.detail IS
    'One sentence naming the field and the rule, or the SQLSTATE the database refused the row with; no personal data.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins_rejected.redacted_body IS
    'The message body with ip and device_id masked; never personal data in clear.';
