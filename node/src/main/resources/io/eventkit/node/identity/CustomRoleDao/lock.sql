SELECT * FROM custom_role WHERE tenant_id = :tenant AND lower(name) = lower(:name) FOR UPDATE
