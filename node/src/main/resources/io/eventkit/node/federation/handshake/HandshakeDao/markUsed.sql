UPDATE invitation SET used_at = :now WHERE tenant_id = :tenant AND id = :id
