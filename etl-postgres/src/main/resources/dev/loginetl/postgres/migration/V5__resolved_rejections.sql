-- A rejected message forwarded to the dead-letter queue and replayed once its cause is fixed becomes
-- a row under the idempotency key it was rejected under; its rejection is then marked resolved, in the
-- same transaction, rather than deleted, so that what happened stays visible. Nullable, without a
-- default: adding it rewrites nothing, and every rejection stored before it is open.
ALTER TABLE "${flyway:defaultSchema}".user_logins_rejected
    ADD COLUMN resolved_at timestamptz;

COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins_rejected.resolved_at IS
    'When a row was stored under this message_id (the message replayed once its cause was fixed); NULL while the rejection is open.';
