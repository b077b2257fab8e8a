INSERT INTO asset (id, product_id, barcode, serial, home_location_id, location_id, status, notes,
                   created_at, updated_at)
VALUES (:a.id, :a.productId, :a.barcode, :a.serial, :a.homeLocationId, :a.locationId, :a.status,
        :a.notes, :a.createdAt, :a.updatedAt)
