SELECT roles, custom_roles FROM app_user WHERE tenant_id = :tenant AND id = :id AND status = 'ACTIVE'
