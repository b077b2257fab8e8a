SELECT a.id, a.product_id, a.barcode, a.serial, a.home_location_id, a.location_id, a.status,
       a.notes, a.created_at, a.updated_at, ca.case_id, cc.barcode AS case_barcode
FROM asset a
         LEFT JOIN case_asset ca ON ca.asset_id = a.id
         LEFT JOIN case_container cc ON cc.id = ca.case_id
WHERE a.tenant_id = :tenant
  AND (CAST(:productId AS uuid) IS NULL OR a.product_id = :productId)
  AND (CAST(:locationId AS uuid) IS NULL OR a.location_id = :locationId)
  AND (CAST(:status AS text) IS NULL OR a.status = :status)
  AND (CAST(:afterBarcode AS text) IS NULL OR (a.barcode, a.id) > (:afterBarcode, :afterId))
ORDER BY a.barcode, a.id
LIMIT :limit
