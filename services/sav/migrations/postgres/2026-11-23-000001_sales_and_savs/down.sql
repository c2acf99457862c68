DROP TABLE pre_refunds;
DROP TABLE sav_status_history;
DROP TABLE sav_products;
DROP TABLE savs;
DROP TABLE sale_lines;
DROP TABLE sales;
