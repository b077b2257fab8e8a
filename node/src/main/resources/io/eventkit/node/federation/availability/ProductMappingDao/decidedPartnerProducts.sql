SELECT DISTINCT partner_product_id
FROM federation_product_mapping
WHERE tenant_id = :tenant AND partner_node_id = :partner AND state <> 'SUGGESTED'
