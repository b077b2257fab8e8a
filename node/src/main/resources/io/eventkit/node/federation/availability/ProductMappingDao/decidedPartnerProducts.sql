SELECT DISTINCT partner_product_id
FROM federation_product_mapping
WHERE partner_node_id = :partner AND state <> 'SUGGESTED'
