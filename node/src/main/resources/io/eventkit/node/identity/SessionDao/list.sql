SELECT * FROM auth_session WHERE tenant_id = :tenant ORDER BY created_at DESC, id LIMIT 500
