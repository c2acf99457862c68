-- Orders mirrored from the shop (POST /api/sales).
CREATE TABLE sales (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    increment_id TEXT NOT NULL UNIQUE,
    customer_email TEXT NOT NULL,
    customer_name TEXT,
    customer_phone TEXT,
    grand_total_cents BIGINT NOT NULL,
    coupon_code TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE sale_lines (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sale_id BIGINT NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_cents BIGINT NOT NULL
);
CREATE INDEX sale_lines_sale ON sale_lines (sale_id);

CREATE TABLE savs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sale_id BIGINT NOT NULL REFERENCES sales (id),
    status INTEGER NOT NULL,
    type_pb TEXT NOT NULL,
    claim_date DATE,
    created_at TIMESTAMP NOT NULL,
    validated_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    customer_name TEXT,
    customer_email TEXT NOT NULL,
    customer_phone TEXT,
    observations TEXT,
    propositions TEXT,
    final_action TEXT,
    date_retour DATE,
    pickup_rdv_date DATE,
    communication_type TEXT,
    archived BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX savs_customer ON savs (customer_email, archived, created_at);
CREATE INDEX savs_sale ON savs (sale_id);
CREATE INDEX savs_status ON savs (status, created_at);
-- The last guard of the chatbot flow: one open forgotten-coupon SAV per order.
CREATE UNIQUE INDEX savs_one_open_forgotten_coupon ON savs (sale_id)
    WHERE type_pb = 'oublie de code promo' AND archived = FALSE;

CREATE TABLE sav_products (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sav_id BIGINT NOT NULL REFERENCES savs (id) ON DELETE CASCADE,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL
);
CREATE INDEX sav_products_sav ON sav_products (sav_id);
CREATE INDEX sav_products_sku ON sav_products (sku, sav_id);

CREATE TABLE sav_status_history (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sav_id BIGINT NOT NULL REFERENCES savs (id) ON DELETE CASCADE,
    from_status INTEGER,
    to_status INTEGER NOT NULL,
    actor TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX sav_status_history_sav ON sav_status_history (sav_id);

CREATE TABLE pre_refunds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sav_id BIGINT NOT NULL UNIQUE REFERENCES savs (id),
    sale_id BIGINT NOT NULL REFERENCES sales (id),
    amount_cents BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
