DROP TABLE ticket_articles;
DROP TABLE tickets;
DROP TABLE credit_requests;
DROP TABLE credits;
DROP TABLE fidelity_cards;
DROP TABLE clients;
