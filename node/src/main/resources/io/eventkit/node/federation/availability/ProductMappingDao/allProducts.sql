SELECT id, manufacturer, model, name, coalesce(gtin, '') AS gtin FROM product WHERE tenant_id = :tenant
