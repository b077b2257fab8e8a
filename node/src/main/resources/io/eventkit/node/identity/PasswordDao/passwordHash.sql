SELECT password_hash FROM app_user WHERE tenant_id = :tenant AND id = :id AND status = 'ACTIVE'
