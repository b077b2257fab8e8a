UPDATE app_user SET password_hash = :hash, updated_at = :now WHERE tenant_id = :tenant AND id = :id
