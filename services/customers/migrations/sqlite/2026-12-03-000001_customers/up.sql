-- Customer categories: exactly one is the default (the partial unique index is the last guard).
CREATE TABLE customer_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX customer_categories_one_default ON customer_categories (is_default) WHERE is_default;
INSERT INTO customer_categories (name, is_default, created_at) VALUES ('Khách lẻ', TRUE, CURRENT_TIMESTAMP);

-- Loyalty categories (nhóm KHTT), fed by the point of sale.
CREATE TABLE loyal_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    searchkey TEXT UNIQUE,
    taxid TEXT UNIQUE,
    name TEXT NOT NULL,
    name_search TEXT NOT NULL,
    card TEXT UNIQUE,
    category_id BIGINT NOT NULL REFERENCES customer_categories (id),
    loyal_cat_id BIGINT REFERENCES loyal_categories (id),
    loyal_score BIGINT NOT NULL DEFAULT 0 CHECK (loyal_score >= 0),
    maxdebt_cents BIGINT NOT NULL DEFAULT 0,
    curdebt_cents BIGINT NOT NULL DEFAULT 0,
    curdate TIMESTAMP,
    address TEXT,
    city TEXT,
    region TEXT,
    visible BOOLEAN NOT NULL DEFAULT TRUE,
    phone TEXT NOT NULL UNIQUE,
    notes TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX customers_category ON customers (category_id);
CREATE INDEX customers_loyal_category ON customers (loyal_cat_id);

-- Receipts mirrored from the point of sale (the shop's own ids), with their lines.
CREATE TABLE tickets (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id BIGINT,
    sold_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE ticket_lines (
    ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    product_name TEXT NOT NULL,
    PRIMARY KEY (ticket_id, line)
);

-- Every loyalty score change; a ticket is scored once per transaction type.
CREATE TABLE score_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    ticket_id TEXT NOT NULL,
    transaction_type TEXT NOT NULL,
    score BIGINT NOT NULL,
    content TEXT NOT NULL,
    admin_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (ticket_id, transaction_type)
);
CREATE INDEX score_history_customer ON score_history (customer_id, created_at);
