INSERT INTO asset (tenant_id, id, product_id, barcode, serial, home_location_id, location_id, status, notes,
                   created_at, updated_at)
VALUES (:tenant, :a.id, :a.productId, :a.barcode, :a.serial, :a.homeLocationId, :a.locationId, :a.status,
        :a.notes, :a.createdAt, :a.updatedAt)
