-- The events this service has received from another service's outbox, by the sender's event
-- id: delivery is at least once, so a repeat is recognised here and changes nothing.
CREATE TABLE inbox (
    event_id TEXT PRIMARY KEY,
    topic TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);
