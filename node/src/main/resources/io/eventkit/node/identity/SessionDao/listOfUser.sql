SELECT * FROM auth_session WHERE tenant_id = :tenant AND user_id = :user ORDER BY created_at DESC, id LIMIT 500
