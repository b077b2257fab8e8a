SELECT email FROM app_user WHERE :name = ANY(custom_roles) ORDER BY email LIMIT 5
