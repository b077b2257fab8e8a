INSERT INTO stock_adjustment (tenant_id, id, product_id, location_id, delta, quantity_after, reason, note,
                              actor, transfer_id, created_at)
VALUES (:tenant, :id, :productId, :locationId, :delta, :quantityAfter, :reason, :note, :actor, :transferId,
        :createdAt)
