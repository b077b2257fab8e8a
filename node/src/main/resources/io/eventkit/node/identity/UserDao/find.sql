SELECT * FROM app_user WHERE tenant_id = :tenant AND id = :id
