-- The first answer to a POST sent with an `Idempotency-Key`, so that a retry gets it again
-- instead of doing the work twice. `status` is NULL while the first request is in flight.
CREATE TABLE idempotency_keys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    caller TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    body BYTEA,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (caller, idempotency_key)
);
