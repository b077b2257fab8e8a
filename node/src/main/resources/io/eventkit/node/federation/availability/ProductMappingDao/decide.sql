UPDATE federation_product_mapping
SET state = :state, decided_by = :by, decided_at = :now, updated_at = :now
WHERE tenant_id = :tenant AND partner_node_id = :partner AND product_id = :product AND partner_product_id = :pp
