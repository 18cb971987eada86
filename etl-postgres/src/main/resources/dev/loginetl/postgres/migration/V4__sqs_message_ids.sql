-- A login that came in an SNS notification or an EventBridge event is keyed by the event's id, so that
-- a duplicate delivery (a new SQS message carrying the same event) is stored once; the SQS message id
-- is kept beside it for tracing. Nullable, without a default: adding it rewrites nothing, and rows
-- written before it have none.
ALTER TABLE "${flyway:defaultSchema}".user_logins
    ADD COLUMN sqs_message_id text;
ALTER TABLE "${flyway:defaultSchema}".user_logins_rejected
    ADD COLUMN sqs_message_id text;

COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.message_id IS
    'Idempotency key, unique: the SNS MessageId or EventBridge id of a login that came in an envelope, else the SQS message id; NULL for rows written before the loader.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins.sqs_message_id IS
    'Id of the SQS message the row was stored from (of several deliveries of one event, the one stored); equals message_id for a bare message; NULL for rows written before this column.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins_rejected.message_id IS
    'Idempotency key: the SNS MessageId or EventBridge id of an envelope that has a usable one, else the SQS message id.';
COMMENT ON COLUMN "${flyway:defaultSchema}".user_logins_rejected.sqs_message_id IS
    'Id of the SQS message the rejection was stored from; equals message_id for a bare message or an envelope without a usable id; NULL for rejections written before this column.';
