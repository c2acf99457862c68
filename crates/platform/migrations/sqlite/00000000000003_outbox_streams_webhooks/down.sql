DROP TABLE webhook_deliveries;
DROP TABLE webhook_subscriptions;
DROP INDEX outbox_pending_stream;
ALTER TABLE outbox DROP COLUMN gave_up_at;
ALTER TABLE outbox DROP COLUMN stream;
