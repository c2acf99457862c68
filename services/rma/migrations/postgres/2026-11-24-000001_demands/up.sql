-- Demands of the repair-center workflow (seed 001) and everything hanging from them.
CREATE TABLE demands (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    demand_number TEXT NOT NULL UNIQUE,
    demand_type TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    agreement_number TEXT,
    partner_reference TEXT,
    status_code TEXT NOT NULL,
    status_comment TEXT,
    accepted_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    purchase_date TIMESTAMP,
    serial_number TEXT,
    imei_number TEXT,
    ean TEXT,
    part_number TEXT,
    brand TEXT,
    problem_description TEXT,
    fault_code TEXT,
    return_to TEXT,
    reseller_code TEXT,
    -- The open families `site_*` and `client_*` of section 3.9, one JSON object each.
    site TEXT NOT NULL,
    client TEXT NOT NULL,
    quote_treatment TEXT,
    tracking_number TEXT,
    carrier_name TEXT
);
-- retrieverequests: a partner's demands, optionally in one status or changed since a date.
CREATE INDEX demands_partner ON demands (partner_id, id);
CREATE INDEX demands_partner_status ON demands (partner_id, status_code, id);
CREATE INDEX demands_partner_updated ON demands (partner_id, updated_at);

CREATE TABLE demand_status_history (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    demand_id BIGINT NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    status_code TEXT NOT NULL,
    comment TEXT,
    side TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX demand_status_history_demand ON demand_status_history (demand_id, id);

CREATE TABLE demand_messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    demand_id BIGINT NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    side TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX demand_messages_demand ON demand_messages (demand_id, id);

CREATE TABLE demand_documents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    demand_id BIGINT NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    content BYTEA NOT NULL,
    size_bytes BIGINT NOT NULL,
    side TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX demand_documents_demand ON demand_documents (demand_id, id);

CREATE TABLE tracking_labels (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    demand_id BIGINT NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    tracking_number TEXT NOT NULL,
    carrier_name TEXT NOT NULL,
    direction TEXT NOT NULL,
    document_id BIGINT REFERENCES demand_documents (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX tracking_labels_demand ON tracking_labels (demand_id, id);

CREATE TABLE quotations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    demand_id BIGINT NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    quote_number TEXT NOT NULL,
    total_cents BIGINT NOT NULL,
    comment TEXT,
    document_id BIGINT REFERENCES demand_documents (id),
    answer TEXT,
    quote_treatment TEXT,
    answered_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (demand_id, quote_number)
);
-- At most one quote awaits the retailer's answer per demand.
CREATE UNIQUE INDEX quotations_one_pending ON quotations (demand_id) WHERE answer IS NULL;

CREATE TABLE quotation_lines (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quotation_id BIGINT NOT NULL REFERENCES quotations (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_cents BIGINT NOT NULL,
    total_cents BIGINT NOT NULL
);
CREATE INDEX quotation_lines_quotation ON quotation_lines (quotation_id, id);

-- PUSH mode: where a repair center wants its events, and the secret they are signed with.
CREATE TABLE partner_endpoints (
    partner_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
