SELECT m.partner_node_id, m.product_id, p.name AS product_name, m.partner_product_id,
       m.partner_manufacturer, m.partner_model, m.partner_category, m.partner_name,
       m.partner_gtin, m.state, m.match, m.decided_by, m.decided_at
FROM federation_product_mapping m
JOIN product p ON p.id = m.product_id
WHERE m.tenant_id = :tenant
  AND m.partner_node_id = :partner
  AND (CAST(:states AS text[]) IS NULL OR m.state = ANY(:states))
  AND (CAST(:productId AS uuid) IS NULL OR m.product_id = :productId)
  AND (CAST(:afterName AS text) IS NULL
       OR (p.name, m.product_id, m.partner_product_id)
          > (:afterName, CAST(:afterProduct AS uuid), :afterPartnerProduct))
ORDER BY p.name, m.product_id, m.partner_product_id
LIMIT :limit
