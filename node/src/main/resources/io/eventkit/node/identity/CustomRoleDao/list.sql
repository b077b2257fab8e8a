SELECT * FROM custom_role WHERE tenant_id = :tenant ORDER BY lower(name)
