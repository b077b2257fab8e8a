-- Every temporary stock row of some products, whenever it is (the stored shortages' recomputation).
SELECT t.product_id, t.quantity, lower(t.period) AS starts_at, upper(t.period) AS ends_at
FROM temporary_stock t
WHERE t.product_id = ANY(:ids)
