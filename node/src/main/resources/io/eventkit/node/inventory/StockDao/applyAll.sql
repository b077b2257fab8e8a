INSERT INTO bulk_stock AS s (tenant_id, product_id, location_id, quantity)
VALUES (:tenant, :productId, :locationId, :delta)
ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = s.quantity + :delta
