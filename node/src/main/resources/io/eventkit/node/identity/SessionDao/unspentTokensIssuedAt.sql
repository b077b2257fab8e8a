SELECT created_at
  FROM refresh_token
 WHERE tenant_id = :tenant AND session_id = :session AND spent_at IS NULL
   FOR UPDATE
