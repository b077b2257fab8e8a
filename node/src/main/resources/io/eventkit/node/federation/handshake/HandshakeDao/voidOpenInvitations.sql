UPDATE invitation SET used_at = :now WHERE tenant_id = :tenant AND partner_node_id = :partner AND used_at IS NULL
