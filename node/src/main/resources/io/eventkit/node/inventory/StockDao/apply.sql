INSERT INTO bulk_stock AS s (product_id, location_id, quantity)
VALUES (:productId, :locationId, GREATEST(:delta, 0))
ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = s.quantity + :delta
WHERE s.quantity + :delta >= 0
RETURNING quantity
