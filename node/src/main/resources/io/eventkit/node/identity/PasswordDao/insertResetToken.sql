INSERT INTO password_reset_token (token_hash, user_id, created_at, expires_at)
VALUES (:hash, :user, :now, :expires)
