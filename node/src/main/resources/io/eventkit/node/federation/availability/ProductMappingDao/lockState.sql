SELECT state
FROM federation_product_mapping
WHERE tenant_id = :tenant AND partner_node_id = :partner AND product_id = :product AND partner_product_id = :pp
FOR UPDATE
