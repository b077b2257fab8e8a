SELECT * FROM auth_session WHERE tenant_id = :tenant AND id = :id
