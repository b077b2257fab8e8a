INSERT INTO subhire_manifest (subhire_id, barcode, asset_ref, supplier_product_id, product_name)
VALUES (:m.negotiationId, :m.barcode, :m.assetRef, :m.supplierProductId, :m.productName)
