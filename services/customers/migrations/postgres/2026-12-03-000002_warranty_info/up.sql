-- Warranty registrations (thông tin bảo hành): a product of a ticket, for a customer.
CREATE TABLE warranty_info (
    id TEXT PRIMARY KEY NOT NULL,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    product_id TEXT NOT NULL,
    product_name TEXT NOT NULL,
    model TEXT,
    serial_num TEXT,
    -- The serial trimmed, case-folded and without inner spaces: registered once.
    serial_key TEXT UNIQUE,
    private_code TEXT,
    -- Product name, id, model and serial, lowercase: what search_product looks in.
    product_search TEXT NOT NULL,
    image TEXT,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    cust_phone TEXT NOT NULL,
    time_warranty INTEGER NOT NULL,
    active_date DATE NOT NULL,
    expired_date DATE NOT NULL,
    status BOOLEAN NOT NULL,
    note TEXT,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX warranty_info_customer ON warranty_info (customer_id);
CREATE INDEX warranty_info_ticket ON warranty_info (ticket_id);

-- What was done to each registration, by whom and when.
CREATE TABLE warranty_info_history (
    id TEXT PRIMARY KEY NOT NULL,
    warranty_id TEXT NOT NULL REFERENCES warranty_info (id) ON DELETE CASCADE,
    person_name TEXT NOT NULL,
    date TIMESTAMP NOT NULL,
    log TEXT NOT NULL
);
CREATE INDEX warranty_info_history_of ON warranty_info_history (warranty_id, date);
