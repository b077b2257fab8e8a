SELECT id, manufacturer, model, name, coalesce(gtin, '') AS gtin FROM product
