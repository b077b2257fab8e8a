INSERT INTO auth_session (id, user_id, created_at, last_used_at, expires_at, source_address)
VALUES (:id, :user, :now, :now, :exp, :addr)
