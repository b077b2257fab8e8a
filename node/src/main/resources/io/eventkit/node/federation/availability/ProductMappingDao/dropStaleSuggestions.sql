DELETE FROM federation_product_mapping
WHERE tenant_id = :tenant
  AND partner_node_id = :partner
  AND state = 'SUGGESTED'
  AND (product_id::text || ' ' || partner_product_id) <> ALL(:keys)
