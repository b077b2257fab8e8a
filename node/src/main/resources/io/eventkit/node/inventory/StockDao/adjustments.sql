SELECT id, product_id, location_id, delta, quantity_after, reason, note, actor, transfer_id,
       created_at
FROM stock_adjustment
WHERE tenant_id = :tenant
  AND product_id = :productId
  AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, :afterId))
ORDER BY created_at DESC, id DESC
LIMIT :limit
