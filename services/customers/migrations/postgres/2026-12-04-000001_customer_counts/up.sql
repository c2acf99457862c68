-- How many customers each (category, visibility) pair holds, kept by the database itself in the
-- transaction of every change: the back office's list filtered by category and visibility only
-- reads its total here instead of counting 10,000 index entries per page.
CREATE TABLE customer_counts (
    category_id BIGINT NOT NULL,
    visible BOOLEAN NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (category_id, visible)
);

INSERT INTO customer_counts (category_id, visible, n)
SELECT category_id, visible, COUNT(*) FROM customers GROUP BY category_id, visible;

CREATE FUNCTION customer_counts_add(category BIGINT, shown BOOLEAN, delta BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO customer_counts (category_id, visible, n) VALUES (category, shown, delta)
    ON CONFLICT (category_id, visible) DO UPDATE SET n = customer_counts.n + delta;
$$;

CREATE FUNCTION customer_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM customer_counts_add(NEW.category_id, NEW.visible, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM customer_counts_add(OLD.category_id, OLD.visible, -1);
    -- A move touches two rows: always in the same order, so two opposite moves cannot deadlock.
    ELSIF (OLD.category_id, OLD.visible) < (NEW.category_id, NEW.visible) THEN
        PERFORM customer_counts_add(OLD.category_id, OLD.visible, -1);
        PERFORM customer_counts_add(NEW.category_id, NEW.visible, 1);
    ELSE
        PERFORM customer_counts_add(NEW.category_id, NEW.visible, 1);
        PERFORM customer_counts_add(OLD.category_id, OLD.visible, -1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER customer_counts_insert_delete AFTER INSERT OR DELETE ON customers
FOR EACH ROW EXECUTE FUNCTION customer_counts_follow();

CREATE TRIGGER customer_counts_move AFTER UPDATE OF category_id, visible ON customers
FOR EACH ROW WHEN (OLD.category_id <> NEW.category_id OR OLD.visible <> NEW.visible)
EXECUTE FUNCTION customer_counts_follow();
