INSERT INTO auth_session (tenant_id, id, user_id, created_at, last_used_at, expires_at, source_address)
VALUES (:tenant, :id, :user, :now, :now, :exp, :addr)
