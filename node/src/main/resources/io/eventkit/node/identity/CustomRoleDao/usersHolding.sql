SELECT email FROM app_user WHERE tenant_id = :tenant AND :name = ANY(custom_roles) ORDER BY email LIMIT 5
