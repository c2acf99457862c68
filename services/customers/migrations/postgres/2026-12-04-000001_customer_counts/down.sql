DROP TRIGGER customer_counts_move ON customers;
DROP TRIGGER customer_counts_insert_delete ON customers;
DROP FUNCTION customer_counts_follow();
DROP FUNCTION customer_counts_add(BIGINT, BOOLEAN, BIGINT);
DROP TABLE customer_counts;
