INSERT INTO refresh_token (token_hash, session_id, created_at) VALUES (:hash, :session, :now)
