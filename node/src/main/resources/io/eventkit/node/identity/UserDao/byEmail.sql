SELECT * FROM app_user WHERE tenant_id = :tenant AND email = :email
