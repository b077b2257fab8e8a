DELETE FROM federation_product_mapping
WHERE partner_node_id = :partner
  AND state = 'SUGGESTED'
  AND (product_id::text || ' ' || partner_product_id) <> ALL(:keys)
