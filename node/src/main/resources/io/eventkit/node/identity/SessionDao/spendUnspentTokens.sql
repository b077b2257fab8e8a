UPDATE refresh_token
   SET spent_at = :now
 WHERE tenant_id = :tenant AND session_id = :session AND spent_at IS NULL
