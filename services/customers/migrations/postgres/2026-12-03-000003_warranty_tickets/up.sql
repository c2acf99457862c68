-- Reference data fed by the point of sale under its own ids: products, warehouses, suppliers.
CREATE TABLE products (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    reference TEXT,
    -- Name and reference, lowercase: what search_product looks in.
    search TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE locations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE suppliers (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    -- The name, lowercase: what search_supplier looks in.
    search TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Warranty tickets (phiếu bảo hành): one product line brought in by a customer, its way to the
-- supplier and back, and its return to the customer.
CREATE TABLE warranty_tickets (
    id TEXT PRIMARY KEY NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    product_name TEXT NOT NULL,
    -- Product name and reference, lowercase.
    product_search TEXT NOT NULL,
    product_qty INTEGER NOT NULL,
    product_status TEXT NOT NULL,
    -- The stored images' names, a JSON array.
    product_img TEXT NOT NULL,
    supplier_name TEXT,
    -- The supplier's name, lowercase.
    supplier_search TEXT NOT NULL,
    note TEXT,
    customer_name TEXT,
    -- The customer's name, lowercase.
    customer_search TEXT NOT NULL,
    customer_phone TEXT,
    customer_address TEXT,
    warranty_type TEXT,
    person_name TEXT NOT NULL,
    receiver TEXT NOT NULL,
    location_id TEXT NOT NULL REFERENCES locations (id),
    cust_received_date TIMESTAMP NOT NULL,
    cust_return_date TIMESTAMP,
    supplier_send_date TIMESTAMP,
    supplier_return_date TIMESTAMP,
    repair_cost_cents BIGINT,
    warranty_expenses_cents BIGINT,
    -- The invoice number of what the customer paid (Số hóa đơn thu tiền).
    other_cost TEXT,
    failure_reason TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX warranty_tickets_created ON warranty_tickets (created_at);
CREATE INDEX warranty_tickets_status ON warranty_tickets (status, supplier_send_date);

-- What was done to each ticket, by whom and when; progress notes may carry an image.
CREATE TABLE warranty_ticket_history (
    id TEXT PRIMARY KEY NOT NULL,
    warranty_id TEXT NOT NULL REFERENCES warranty_tickets (id) ON DELETE CASCADE,
    person_name TEXT NOT NULL,
    date TIMESTAMP NOT NULL,
    log TEXT NOT NULL,
    image TEXT
);
CREATE INDEX warranty_ticket_history_of ON warranty_ticket_history (warranty_id, date);
