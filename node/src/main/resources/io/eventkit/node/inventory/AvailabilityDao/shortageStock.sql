-- The usable units of some products for the stored shortages, and whether the product has an
-- inspection rule (then its units depend on the clock, and it is allocated live instead).
SELECT c.product_id, c.tenant_id, c.owned - c.unavailable AS usable,
       EXISTS (SELECT 1 FROM inspection_rule r WHERE r.product_id = c.product_id) AS live
FROM product_capacity c
WHERE c.product_id = ANY(:ids)
