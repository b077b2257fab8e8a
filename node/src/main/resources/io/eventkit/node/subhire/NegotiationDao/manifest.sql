SELECT barcode, asset_ref, supplier_product_id, product_name
FROM subhire_manifest
WHERE tenant_id = :tenant AND subhire_id = :id
ORDER BY barcode
