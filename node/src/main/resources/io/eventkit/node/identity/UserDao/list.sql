SELECT * FROM app_user WHERE tenant_id = :tenant ORDER BY email, id
