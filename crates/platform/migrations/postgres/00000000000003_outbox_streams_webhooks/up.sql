-- Order per aggregate: an event waits while an older undelivered event of its stream exists.
-- An event given up (after the configured retry period, or a webhook deleted) is settled too.
ALTER TABLE outbox ADD COLUMN stream TEXT;
ALTER TABLE outbox ADD COLUMN gave_up_at TIMESTAMP;
CREATE INDEX outbox_pending_stream ON outbox (stream, id)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;

-- Partners' webhooks: where a client wants events POSTed, signed with its secret (kept as given:
-- signing needs it; never logged nor shown again).
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    audience TEXT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions (client_id);

-- Each attempt to deliver an event to a webhook, with its outcome.
CREATE TABLE webhook_deliveries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_client ON webhook_deliveries (client_id, id);
CREATE INDEX webhook_deliveries_attempted ON webhook_deliveries (attempted_at);
