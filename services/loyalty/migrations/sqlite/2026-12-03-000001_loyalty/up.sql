-- Consumers (seed 003 "customers"); an RGPD deletion blanks them and keeps their cards' ledger.
CREATE TABLE consumers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    civility TEXT NOT NULL DEFAULT '',
    lastname TEXT NOT NULL,
    firstname TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    mobile TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    check_email BOOLEAN,
    check_email_date TIMESTAMP,
    day_birthday INTEGER,
    month_birthday INTEGER,
    year_birthday INTEGER,
    source TEXT NOT NULL DEFAULT '',
    no_fidelity BOOLEAN NOT NULL DEFAULT FALSE,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    address1 TEXT NOT NULL DEFAULT '',
    address2 TEXT NOT NULL DEFAULT '',
    address3 TEXT NOT NULL DEFAULT '',
    address4 TEXT NOT NULL DEFAULT '',
    zip_code TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    consent_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    anonymised_at TIMESTAMP
);
CREATE INDEX consumers_lastname ON consumers (lastname);

-- A card and its balance, kept in the same transaction as every ledger entry that moves it.
CREATE TABLE cards (
    number TEXT PRIMARY KEY NOT NULL,
    consumer_id BIGINT REFERENCES consumers (id),
    points BIGINT NOT NULL DEFAULT 0,
    wallet_cents BIGINT NOT NULL DEFAULT 0,
    purchases BIGINT NOT NULL DEFAULT 0,
    purchase_cents BIGINT NOT NULL DEFAULT 0,
    discount_cents BIGINT NOT NULL DEFAULT 0,
    purchases_cumulative BIGINT NOT NULL DEFAULT 0,
    purchase_cents_cumulative BIGINT NOT NULL DEFAULT 0,
    discount_cents_cumulative BIGINT NOT NULL DEFAULT 0,
    first_purchase_at TIMESTAMP,
    last_purchase_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX cards_consumer ON cards (consumer_id);

-- Tickets: one receipt per shop (the replay guard).
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card TEXT NOT NULL REFERENCES cards (number),
    shop_id BIGINT NOT NULL,
    receipt TEXT NOT NULL,
    sold_at TIMESTAMP NOT NULL,
    gross_cents BIGINT NOT NULL,
    deducted_cents BIGINT NOT NULL,
    points BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (shop_id, receipt)
);
CREATE INDEX tickets_card ON tickets (card);

-- The ticket's lines; quantities in hundredths; `points` earned, `returned_*` taken back.
CREATE TABLE purchases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    line INTEGER NOT NULL,
    operation INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL,
    net_cents BIGINT NOT NULL,
    quantity_hundredths BIGINT NOT NULL,
    percentage_discount TEXT NOT NULL DEFAULT '0',
    item_code TEXT NOT NULL DEFAULT '',
    item_label TEXT NOT NULL DEFAULT '',
    item_type_code TEXT NOT NULL DEFAULT '',
    item_type_label TEXT NOT NULL DEFAULT '',
    points BIGINT NOT NULL,
    returned_quantity_hundredths BIGINT NOT NULL DEFAULT 0,
    returned_points BIGINT NOT NULL DEFAULT 0,
    UNIQUE (ticket_id, line)
);
CREATE INDEX purchases_item ON purchases (item_code);

-- The points ledger, append-only but for `remaining`: what is left of an earning to spend,
-- spent or expired oldest first.
CREATE TABLE point_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card TEXT NOT NULL REFERENCES cards (number),
    ticket_id BIGINT REFERENCES tickets (id),
    purchase_id BIGINT REFERENCES purchases (id),
    operation INTEGER,
    kind TEXT NOT NULL,
    delta BIGINT NOT NULL,
    remaining BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    available_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP
);
CREATE INDEX point_entries_card ON point_entries (card, id);
CREATE INDEX point_entries_open ON point_entries (card, expires_at) WHERE remaining > 0;

-- Vouchers: amount (cents), percentage (hundredths of a percent), gift, or choices among those.
CREATE TABLE vouchers (
    number TEXT PRIMARY KEY NOT NULL,
    card TEXT NOT NULL REFERENCES cards (number),
    kind TEXT NOT NULL,
    value BIGINT NOT NULL,
    remaining_cents BIGINT NOT NULL,
    choices TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_ticket_id BIGINT REFERENCES tickets (id)
);
CREATE INDEX vouchers_card ON vouchers (card);

-- One reward per card, balance and step reached: two concurrent calls give one.
CREATE TABLE rewards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card TEXT NOT NULL REFERENCES cards (number),
    step_index INTEGER NOT NULL,
    round BIGINT NOT NULL,
    voucher TEXT NOT NULL REFERENCES vouchers (number),
    points BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (card, step_index, round)
);
