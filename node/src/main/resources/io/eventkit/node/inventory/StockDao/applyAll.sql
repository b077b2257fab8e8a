INSERT INTO bulk_stock AS s (product_id, location_id, quantity)
VALUES (:productId, :locationId, :delta)
ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = s.quantity + :delta
