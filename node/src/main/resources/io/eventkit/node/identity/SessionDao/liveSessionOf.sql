SELECT s.id
  FROM refresh_token t
  JOIN auth_session s ON s.id = t.session_id
 WHERE t.tenant_id = :tenant AND t.token_hash = :hash AND s.revoked_at IS NULL
