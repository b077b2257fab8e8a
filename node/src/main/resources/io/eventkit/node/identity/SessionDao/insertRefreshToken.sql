INSERT INTO refresh_token (tenant_id, token_hash, session_id, created_at)
VALUES (:tenant, :hash, :session, :now)
