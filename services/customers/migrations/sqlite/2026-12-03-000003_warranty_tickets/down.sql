DROP TABLE warranty_ticket_history;
DROP TABLE warranty_tickets;
DROP TABLE suppliers;
DROP TABLE locations;
DROP TABLE products;
