DROP TABLE score_history;
DROP TABLE ticket_lines;
DROP TABLE tickets;
DROP TABLE customers;
DROP TABLE loyal_categories;
DROP TABLE customer_categories;
