INSERT INTO bulk_stock AS s (tenant_id, product_id, location_id, quantity)
VALUES (:tenant, :productId, :locationId, GREATEST(:delta, 0))
ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = s.quantity + :delta
WHERE s.quantity + :delta >= 0
RETURNING quantity
