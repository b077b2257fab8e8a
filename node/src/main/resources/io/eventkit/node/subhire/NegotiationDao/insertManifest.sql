INSERT INTO subhire_manifest (tenant_id, subhire_id, barcode, asset_ref, supplier_product_id, product_name)
VALUES (:tenant, :m.negotiationId, :m.barcode, :m.assetRef, :m.supplierProductId, :m.productName)
