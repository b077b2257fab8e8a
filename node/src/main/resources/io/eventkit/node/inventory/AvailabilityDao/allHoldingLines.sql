-- Every holding line of some products, whenever it is (the stored shortages' recomputation, V88):
-- booking_line_product, one index range per product.
SELECT b.id, b.event_id, '' AS event_name, b.product_id, b.quantity,
       lower(b.hold_period) AS starts_at, upper(b.hold_period) AS ends_at,
       b.holds, b.event_status, b.priority, b.created_at
FROM booking_line b
WHERE b.product_id = ANY(:ids) AND b.holds
