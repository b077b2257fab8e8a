UPDATE auth_session SET last_used_at = :now, expires_at = :exp WHERE tenant_id = :tenant AND id = :id
