-- Issue 16, flows 1 and 2: the repair of a warranty SAV. One row per SAV that asked for one:
-- the product's serial and brand, what the customers service said of its warranty, and the
-- RMA demand opened for it (its number and last status).
CREATE TABLE sav_repairs (
    sav_id BIGINT PRIMARY KEY REFERENCES savs (id) ON DELETE CASCADE,
    serial_number TEXT NOT NULL,
    brand TEXT,
    -- pending | covered | expired | unregistered
    warranty TEXT NOT NULL,
    warranty_until DATE,
    warranty_checked_at TIMESTAMP,
    -- The agent who asked for a repair whatever the warranty; NULL: asked by the warranty.
    asked_by TEXT,
    repair_center TEXT,
    demand_number TEXT UNIQUE,
    demand_status TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The demand's timeline as the RMA told it, one row per status event.
CREATE TABLE sav_repair_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sav_id BIGINT NOT NULL REFERENCES savs (id) ON DELETE CASCADE,
    demand_number TEXT NOT NULL,
    status TEXT NOT NULL,
    label TEXT NOT NULL,
    comment TEXT,
    occurred_at TIMESTAMP NOT NULL,
    -- rma:retailer | rma:partner
    source TEXT NOT NULL,
    event_id TEXT NOT NULL UNIQUE
);
CREATE INDEX sav_repair_events_sav ON sav_repair_events (sav_id, occurred_at);
