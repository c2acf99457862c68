-- CRM customers (seed 004). Money in integer cents; `email_key` is the lowercased email, so
-- that uniqueness is case-insensitive and settled by the database.
CREATE TABLE clients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    id_client TEXT NOT NULL UNIQUE,
    nom TEXT NOT NULL,
    prenom TEXT NOT NULL,
    credit_cents BIGINT NOT NULL DEFAULT 0,
    date_paiement DATE,
    montant_cents BIGINT NOT NULL DEFAULT 0,
    nb_refus BIGINT NOT NULL DEFAULT 0,
    compte TEXT UNIQUE,
    age BIGINT,
    sexe TEXT,
    email TEXT,
    email_key TEXT UNIQUE,
    phone TEXT,
    panier_moyen_cents BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX clients_names ON clients (nom, prenom);

-- A fidelity card belongs to one customer at a time (the primary key is the guard).
CREATE TABLE fidelity_cards (
    carte_fid BIGINT PRIMARY KEY NOT NULL,
    client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    attached_at TIMESTAMP NOT NULL
);
CREATE INDEX fidelity_cards_client ON fidelity_cards (client_id);

-- Each credit given; a ticket id is credited once (the unique index is the last guard).
CREATE TABLE credits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT UNIQUE,
    carte_fid BIGINT NOT NULL,
    client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    montant_cents BIGINT NOT NULL,
    credited_cents BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Credit requests allowed by the rule, scheduled at their date.
CREATE TABLE credit_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    montant_cents BIGINT NOT NULL,
    scheduled_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX credit_requests_date ON credit_requests (scheduled_on);

-- Sales tickets, keyed by the point of sale's own ticket id.
CREATE TABLE tickets (
    id BIGINT PRIMARY KEY NOT NULL,
    sold_at TIMESTAMP NOT NULL,
    prix_cents BIGINT NOT NULL,
    client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    points_fidelite BIGINT NOT NULL,
    mode_paiement TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX tickets_client_date ON tickets (client_id, sold_at);
CREATE INDEX tickets_date ON tickets (sold_at);

CREATE TABLE ticket_articles (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    line BIGINT NOT NULL,
    code_produit TEXT NOT NULL,
    prix_avant_cents BIGINT NOT NULL,
    prix_apres_cents BIGINT NOT NULL,
    promo BIGINT NOT NULL,
    quantity BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, line)
);
