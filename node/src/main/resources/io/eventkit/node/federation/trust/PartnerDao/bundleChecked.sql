UPDATE partner SET bundle_fetched_at = :now WHERE tenant_id = :tenant AND node_id = :id
