-- Owned and out-of-service units per product (the product_capacity view, V82: counters kept by
-- triggers, and the units overdue for inspection counted live).
SELECT product_id, owned, unavailable
FROM product_capacity
WHERE product_id = ANY(:ids)
