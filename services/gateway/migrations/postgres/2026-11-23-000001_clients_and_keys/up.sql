-- Partners' API clients. Secrets, passwords and API tokens are stored as argon2 hashes only.
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    username TEXT UNIQUE,
    terminal TEXT,
    secret_hash TEXT NOT NULL,
    -- API tokens arrive without a client id: this SHA-256 of the token finds the row.
    token_lookup TEXT UNIQUE,
    scopes TEXT NOT NULL DEFAULT '',
    permissions TEXT NOT NULL DEFAULT '',
    partner TEXT,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP
);
CREATE INDEX api_clients_terminal ON api_clients (terminal);

-- Token signing keys: the newest unretired one signs; retired ones stay published until the
-- tokens they signed have expired.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    private_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);
