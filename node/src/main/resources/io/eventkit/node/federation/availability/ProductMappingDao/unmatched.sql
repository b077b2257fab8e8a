SELECT p.id, p.manufacturer, p.model, p.name, coalesce(p.gtin, '') AS gtin
FROM product p
WHERE p.tenant_id = :tenant
  AND NOT EXISTS (
        SELECT 1 FROM federation_product_mapping m
        WHERE m.partner_node_id = :partner AND m.product_id = p.id AND m.state <> 'REJECTED')
  AND (CAST(:afterName AS text) IS NULL OR (p.name, p.id) > (:afterName, CAST(:afterId AS uuid)))
ORDER BY p.name, p.id
LIMIT :limit
