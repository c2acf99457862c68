DROP TABLE rewards;
DROP TABLE vouchers;
DROP TABLE point_entries;
DROP TABLE purchases;
DROP TABLE tickets;
DROP TABLE cards;
DROP TABLE consumers;
