DROP TABLE loyalty_sales;
