UPDATE app_user SET roles = :roles, auth_source = :source, updated_at = :now WHERE tenant_id = :tenant AND id = :id
