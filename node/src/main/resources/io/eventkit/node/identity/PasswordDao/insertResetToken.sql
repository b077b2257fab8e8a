INSERT INTO password_reset_token (tenant_id, token_hash, user_id, created_at, expires_at)
VALUES (:tenant, :hash, :user, :now, :expires)
