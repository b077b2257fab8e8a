SELECT id, product_id, barcode, serial, home_location_id, location_id, status, notes, created_at,
       updated_at
FROM asset
WHERE tenant_id = :tenant
  AND (CAST(:productId AS uuid) IS NULL OR product_id = :productId)
  AND (CAST(:locationId AS uuid) IS NULL OR location_id = :locationId)
  AND (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:afterBarcode AS text) IS NULL OR (barcode, id) > (:afterBarcode, :afterId))
ORDER BY barcode, id
LIMIT :limit
