UPDATE invitation SET used_at = :now WHERE partner_node_id = :partner AND used_at IS NULL
