UPDATE partner SET state = :to, state_changed_at = :now WHERE tenant_id = :tenant AND node_id = :id
