SELECT password_hash FROM app_user WHERE id = :id AND status = 'ACTIVE'
