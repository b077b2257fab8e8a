DELETE FROM custom_role WHERE tenant_id = :tenant AND id = :id
