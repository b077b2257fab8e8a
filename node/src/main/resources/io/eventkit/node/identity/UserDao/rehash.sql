UPDATE app_user SET password_hash = :hash WHERE tenant_id = :tenant AND id = :id AND password_hash = :old
