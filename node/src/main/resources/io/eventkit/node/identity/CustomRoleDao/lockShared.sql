SELECT * FROM custom_role WHERE tenant_id = :tenant AND lower(name) = ANY(CAST(:names AS text[])) FOR SHARE
