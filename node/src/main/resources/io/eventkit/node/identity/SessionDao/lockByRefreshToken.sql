SELECT t.session_id, t.spent_at, s.user_id, s.revoked_at, s.expires_at, u.status
  FROM refresh_token t
  JOIN auth_session s ON s.id = t.session_id
  JOIN app_user u ON u.id = s.user_id
 WHERE t.tenant_id = :tenant AND t.token_hash = :hash
   FOR UPDATE OF t, s
