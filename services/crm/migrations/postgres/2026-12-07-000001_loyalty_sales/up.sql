-- The loyalty service's sales (issue 16, flow 3): each became a ticket of `tickets` and a credit
-- of its card's holder; its returns take that credit back, never more than it gave. The event
-- ids received are the platform's `inbox`.
CREATE TABLE loyalty_sales (
    loyalty_ticket BIGINT PRIMARY KEY NOT NULL,
    ticket_id BIGINT NOT NULL UNIQUE REFERENCES tickets (id) ON DELETE CASCADE,
    client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    carte_fid BIGINT NOT NULL,
    paid_cents BIGINT NOT NULL,
    credited_cents BIGINT NOT NULL,
    -- What returns gave back of `paid_cents`, and the credit they took back.
    returned_cents BIGINT NOT NULL DEFAULT 0,
    taken_back_cents BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
