SELECT roles, custom_roles FROM app_user WHERE id = :id AND status = 'ACTIVE'
