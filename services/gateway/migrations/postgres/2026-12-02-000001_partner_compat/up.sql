-- Per-client settings (NULL: the gateway's configured default).
-- token_format: 'opaque' or 'jwt'; NULL lets each endpoint answer as its document shows.
ALTER TABLE api_clients ADD COLUMN token_format TEXT;
ALTER TABLE api_clients ADD COLUMN rate_per_sec INTEGER;
ALTER TABLE api_clients ADD COLUMN burst INTEGER;

-- Opaque reference tokens (seed 001's 40 hex characters), stored as their SHA-256 only.
CREATE TABLE opaque_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX opaque_tokens_client ON opaque_tokens (client_id);
