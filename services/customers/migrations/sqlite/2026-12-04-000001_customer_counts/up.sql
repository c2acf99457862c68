-- How many customers each (category, visibility) pair holds, kept by the database itself in the
-- transaction of every change: the back office's list filtered by category and visibility only
-- reads its total here instead of counting 10,000 index entries per page.
CREATE TABLE customer_counts (
    category_id INTEGER NOT NULL,
    visible BOOLEAN NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (category_id, visible)
);

INSERT INTO customer_counts (category_id, visible, n)
SELECT category_id, visible, COUNT(*) FROM customers GROUP BY category_id, visible;

CREATE TRIGGER customer_counts_insert AFTER INSERT ON customers
BEGIN
    INSERT INTO customer_counts (category_id, visible, n) VALUES (NEW.category_id, NEW.visible, 1)
    ON CONFLICT (category_id, visible) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER customer_counts_delete AFTER DELETE ON customers
BEGIN
    UPDATE customer_counts SET n = n - 1
    WHERE category_id = OLD.category_id AND visible = OLD.visible;
END;

CREATE TRIGGER customer_counts_move AFTER UPDATE OF category_id, visible ON customers
WHEN OLD.category_id <> NEW.category_id OR OLD.visible <> NEW.visible
BEGIN
    UPDATE customer_counts SET n = n - 1
    WHERE category_id = OLD.category_id AND visible = OLD.visible;
    INSERT INTO customer_counts (category_id, visible, n) VALUES (NEW.category_id, NEW.visible, 1)
    ON CONFLICT (category_id, visible) DO UPDATE SET n = n + 1;
END;
